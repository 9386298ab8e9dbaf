## Broadcasts (union staff)

cmd-broadcast = Broadcast a notice (staff)
flow-broadcast = Broadcast
broadcast-not-allowed = Only union staff can send broadcasts.
broadcast-ask-text =
    Send the notice to broadcast: a text, or one photo with a caption.
    Members receive exactly what you send, the same for everyone.
broadcast-text-or-photo = Please send a text, or one photo with a caption.
broadcast-text-empty = The notice cannot be empty; please send it again.
broadcast-text-too-long = A notice can be at most { $limit } characters; please shorten it.
broadcast-caption-too-long = A photo caption can be at most { $limit } characters; please shorten it.
broadcast-photo-only = Only a photo can be attached (no stickers, voice, video or files); please send it again.
broadcast-ask-audience = Who should receive it?
broadcast-audience-all = All members
broadcast-audience-branch = One union branch
broadcast-audience-district = One district
broadcast-audience-occupation = One occupation
broadcast-audience-loan = Members repaying a loan
broadcast-audience-language = One language
broadcast-no-districts = No districts are filled in in the branch list (branches.csv) yet, so a district cannot be chosen.
broadcast-ask-branch = Members of which branch?
broadcast-ask-district = Members in which district?
broadcast-ask-occupation = Members with which occupation?
broadcast-ask-language = Members using which language?
broadcast-to-all = all members
broadcast-to-branch = members of { $name }
broadcast-to-district = members of the branches in { $name }
broadcast-to-occupation = members working as “{ $name }”
broadcast-to-loan = members repaying a loan
broadcast-to-language = members using { $name }
broadcast-preview-head = Preview: members will receive this message
broadcast-preview-rule = ━━━━━━━━━━
broadcast-preview-photo = 👆 Preview: members will receive the message above — the photo you sent, with your caption as written.
broadcast-preview-count =
    To: { $audience }
    It goes to { $count } members. { $opted_out } more turned union notices off and { $unreachable } blocked the bot; they are not sent it.
broadcast-preview-none = Nobody in this group can be sent the notice. Go back and choose again, or cancel.
broadcast-send-now = 📤 Send now
broadcast-send-later = 🕘 Send later
broadcast-ask-when =
    When should it be sent? Type a time ({ $zone }), for example:
    { $example }, tomorrow 9:00, 11-23 14:30, 明天 9:00
broadcast-when-type-it = Please type the time, e.g. tomorrow 9:00.
broadcast-when-invalid = I could not read that time. Please type it like “2026-11-23 09:00” or “tomorrow 9:00”.
broadcast-when-past = { $when } has already passed. Please type a time in the future, or go back and choose “Send now”.
broadcast-when-far = A broadcast can be scheduled at most { $days } days ahead; please choose an earlier time.
broadcast-queued = ✅ Broadcast #{ $id } is being sent to { $count } members. You will get a report when it is done.
broadcast-scheduled = ✅ Broadcast #{ $id } is scheduled for { $when }, currently { $count } members. You will get a report when it is done.
broadcast-quiet-note = Note: { $start }–{ $end } are quiet hours; broadcasts wait until { $end }.
broadcast-progress = 📊 Progress
broadcast-list-head = 📢 Broadcasts being sent or scheduled: { $count }
broadcast-list-running = #{ $id } · sending · { $audience }: delivered { $delivered } / { $planned }, waiting { $pending }, failed { $failed }, unreachable { $unreachable }, notices off { $opted_out }
broadcast-list-scheduled = #{ $id } · scheduled { $when } · { $audience }: about { $planned } members
broadcast-list-excerpt = { "   " }{ $photo ->
    [yes] 🖼{" "}
   *[no] {""}
}“{ $text }”
broadcast-cancel-button = ✕ Cancel #{ $id }
broadcast-new = ✍ New broadcast
broadcast-refresh = 🔄 Refresh
broadcast-cancel-ask = Cancel broadcast #{ $id } ({ $audience }: “{ $text }”)? Whatever has not been sent yet will not be.
broadcast-cancel-yes = ✕ Yes, cancel it
broadcast-cancel-no = Keep it
broadcast-cancel-gone = Broadcast #{ $id } has already ended or been cancelled; nothing to do.
broadcast-cancelled = Broadcast #{ $id } cancelled: { $withdrawn } notices not yet sent were withdrawn; { $delivered } delivered; the { $pending } being sent right now end as Telegram answers.
broadcast-report-head = 📢 Broadcast #{ $id } is finished ({ $audience }).
broadcast-report-counts =
    Delivered: { $delivered }
    Unreachable (blocked the bot): { $unreachable }
    Failed: { $failed }
    Union notices turned off (not sent): { $opted_out }
    Erased their data (not sent): { $other }
broadcast-report-reason = { "  " }· failed with “{ $reason }”: { $count }

## Notification settings

flow-settings = Notification settings
settings-head = ⚙️ Notification settings
settings-notices = Union notices (broadcasts): { $state ->
    [off] 🔕 off
   *[on] 🔔 on
}
settings-always = Notices about you are always sent, whatever this setting: repayment reminders for your own loan and decisions on your own loan application.
settings-turn-off = 🔕 Turn union notices off
settings-turn-on = 🔔 Turn union notices on
settings-keep = Keep as it is
settings-saved = { $changed ->
    [yes] ✅ Saved:
   *[no] Nothing changed:
} union notices are { $state ->
    [off] off. Repayment reminders and decisions still come as usual.
   *[on] on.
}
