## Common

nav-back = « Back
nav-cancel = ✕ Cancel
value-unset = not set
value-yes = yes
value-no = no
input-wrong-kind = Please answer with the buttons above or as the question says, and try again.
input-choose-button = Please tap one of the options below.
button-unknown = That button was not recognised and has been ignored.
button-stale = That button belongs to an earlier message and no longer works. Please use the latest message.
dialog-expired = “{ $flow }” timed out; nothing you entered there was saved.
edited-ignored = I don't re-read edited messages. To correct something, please send it again.
media-unsupported = Sorry, I can only read text, buttons, locations and phone numbers, not photos, voice or stickers.
text-too-long = That message is too long (at most { $limit } characters). Please keep it short.
command-unknown = There is no /{ $command } command. Send /help to see what I can do.
flow-continue = You are in “{ $flow }”; please continue:
cancel-nothing = Nothing is in progress. Send /help to see what I can do.
cancelled = “{ $flow }” cancelled; nothing was saved.
resume-offer = You had not finished “{ $flow }”. Continue where you left off?
resume-yes = ▶ Continue
resume-no = Drop it
resume-dropped = OK, “{ $flow }” dropped.
received-location = 📍 Location received (used for this search only, never stored).
received-contact = 📱 Phone number received.
contact-outside = Got your phone number, but nothing needs it right now. To save it to your profile, send /profile.
text-outside = Please choose a service:

## First contact and consent

welcome = Hello! I'm the trade-union members' assistant: I find open rest stations near you and explain union-backed loans.
consent-ask =
    Before we start: Telegram's servers are outside mainland China, so every message you send me is a cross-border transfer.
    I keep only what the service needs (your language and what you choose to enter); see it with /mydata and erase it with /forget at any time.
    Do you agree to this cross-border processing of your information?
consent-yes = ✅ I agree
consent-no = I don't agree
consent-declined = Understood: nothing about you has been stored. If you change your mind, send /start.
consent-thanks = ✅ Thank you, your consent is recorded.
consent-already = You have already agreed.
help-stranger = I can find open rest stations near you and explain union loans. Please send /start and confirm the cross-border consent first.
welcome-member = Welcome! Please choose a service:
welcome-member-named = Welcome, { $name }! Please choose a service:
start-branch-set = Your union branch is recorded: { $branch }.

## Menu and commands

menu-stations = 🏠 Stations nearby
menu-loans = 💰 Union loans
menu-apply = 📝 Loan pre-application
menu-status = 📋 Application status
menu-myloans = 📅 My loans
menu-profile = 👤 Profile
menu-settings = ⚙️ Settings
menu-language = 🌐 语言
menu-mydata = 🔒 My data
menu-help = ❓ Help
cmd-start = Start / main menu
cmd-stations = Find open rest stations nearby
cmd-loans = Union loans and eligibility
cmd-apply = Send a loan pre-application
cmd-status = Application status
cmd-myloans = My loans and repayments
cmd-profile = Your profile
cmd-settings = Notification settings
cmd-language = 语言 / Language
cmd-mydata = What is stored about me
cmd-forget = Erase my data
cmd-help = Help
cmd-cancel = Cancel the current step
help =
    I can help you with:
    /stations find open rest stations nearby (water, charging, microwave, toilet…)
    /loans which union loans fit you, their caps and how the rate is worked out
    /calc repayment calculator
    /apply send a loan pre-application · /status follow it
    /myloans your loans and repayment reminders
    /profile fill in or change your profile · /settings notifications
    /language 切换语言 / switch language
    /mydata see what we keep about you · /forget erase everything we keep
    /cancel stop whatever is in progress
help-in-flow = You are in “{ $flow }”. Answer the question below, or send /cancel.
flow-profile = Profile
flow-stations = Station search
flow-language = Language
flow-forget = Erase my data

## Profile

profile-ask-name = Your name, please (so the union and the bank can contact you; up to 20 characters):
profile-name-empty = The name cannot be empty. Please type your name.
profile-name-too-long = A name has at most { $max } characters. Please type it again.
profile-name-letters = A name may contain only letters (no digits, emoji or symbols). Please type it again.
profile-ask-phone = Tap “Share phone number” below to send the number bound to your Telegram account (verified by Telegram, no typing).
profile-share-phone = 📱 Share phone number
profile-phone-use-button = Please use the “Share phone number” button below instead of typing a number.
profile-phone-not-own = Please share your own number, not somebody else's contact.
profile-phone-invalid = That number could not be read. Please share it with the button.
profile-phone-not-cn-mobile = Only mainland China mobile numbers (+86) are supported for now.
profile-ask-branch = Which union branch do you belong to? Tap one, or type its name:
profile-branch-invalid = Please tap a branch, or type a branch name of 2–40 characters.
profile-ask-occupation = What is your occupation?
occupation-delivery_rider = Delivery rider
occupation-courier = Courier
occupation-ride_hailing_driver = Ride-hailing driver
occupation-truck_driver = Truck driver
occupation-sanitation_worker = Sanitation worker
occupation-factory_worker = Factory worker
occupation-other = Other
profile-ask-titles = Do you hold any of these titles? Choose all that apply, then tap “Done”:
title-toggle = { $on ->
    [yes] ☑
   *[no] ☐
} { $title }
title-labour_model = Labour model
title-labour_model_national = National labour model
title-labour_model_provincial = Provincial labour model
title-labour_model_city = City labour model
title-labour_model_county = County labour model
title-craftsman_nanxun = Nanxun Craftsman
title-craftsman_nantaihu = South Taihu Craftsman
title-craftsman_zhejiang = Zhejiang Craftsman
title-craftsman_national = Great Craftsman of the Nation
title-tech_pacesetter = Technical pacesetter
title-chief_technician = Chief technician
title-list = { $items }
titles-none = None
titles-done = ✔ Done
profile-ask-level = At which level is your labour-model title?
level-national = National
level-provincial = Provincial
level-city = City
level-county = County
profile-summary = Please check your profile. Change any field, then tap “Save”:
profile-line-name = Name: { $value }
profile-line-phone = Mobile: { $value }
profile-line-branch = Union: { $value }
profile-line-occupation = Occupation: { $value }
profile-line-titles = Titles: { $value }
profile-edit-name = Name
profile-edit-phone = Mobile
profile-edit-branch = Union
profile-edit-occupation = Occupation
profile-edit-titles = Titles
profile-save = 💾 Save
profile-saved = ✅ Profile saved.

## Language

language-ask = 请选择语言 / Choose your language:
language-set = ✅ Switched to English.

## My data

mydata-header = 🔒 What we keep about you:
mydata-meta =
    Cross-border consent given: { $consent }
    Language: { $language }
    Unfinished conversation: { $flow }
mydata-not-kept = We do not keep: your location (used only for the search you asked for), ID-card numbers, bank accounts. Send /forget to erase all of the above.
forget-ask = Erase everything we keep about you? This cannot be undone; next time you will be asked for consent again.
forget-yes = 🗑 Erase
forget-no = Keep it
forget-kept = OK, nothing was changed.
forget-done = ✅ Everything about you has been erased. We only logged that an erasure happened (without who), as the law may require. Goodbye!

## Stations

need-any = Anything
stations-ask-need = What do you need right now?
stations-ask-location = Tap “Send location” below and I'll find the nearest open stations. The location is used for this search only and never stored.
stations-share-location = 📍 Send location
stations-location-use-button = Please send your location with the “Send location” button below.
stations-location-zero = That location (0,0) is not valid. Please turn on location services and send it again.
stations-location-outside = That location is outside China; only stations in China are listed. Please send your current location.
distance-m = { $m } m
distance-km = { $km } km
clock = { $day ->
    [today] today { $time }
    [tomorrow] tomorrow { $time }
   *[other] { $date } { $time }
}
station-open-24h = 🟢 open 24 hours
station-open-until = 🟢 open, closes { $time }
station-closed-until = 🔴 closed, opens { $time }
station-line = { $n }. { $name } · { $distance } · about { $walk } min walk
station-line-hours = { "   " }{ $status } · { $hours }
station-line-status = { "   " }{ $status }
hours-24h = 24 hours
station-line-amenities = { "   " }{ $items }
stations-found = { $count } open stations ({ $need }) within { $radius }, page { $page }/{ $pages }:
stations-none-open = No station ({ $need }) within { $radius } is open right now. The nearest ones and when they open:
stations-none = No station offering “{ $need }” within { $radius }. Try another need.
stations-none-any = No station is listed within { $radius }. The registry is still growing, sorry!
stations-pick-hint = Tap 📍 and a number for the map and directions.
stations-prev = ◀ Previous
stations-more = More ▶
stations-other-need = Another need
stations-done = Done
stations-use-buttons = Please use the buttons below: 📍 to open a station, or page through.
stations-bye = Ride safe! Send /stations whenever you need a break.
station-unknown = No station with the code { $code }.
station-card =
    🏠 { $name }
    Address: { $address }
    Hours: { $hours } ({ $status })
    Amenities: { $amenities }
    Phone: { $phone }
station-sample-note = ⚠️ Sample data, for demonstration only.
station-navigate = 🧭 Navigate with Amap

## Console

console-type-contact = (console stand-in for Telegram's share button) Type a phone number:
console-type-location = (console stand-in for Telegram's location button) Type latitude,longitude:
console-banner =
    unionbot offline console · database from UNIONBOT_DATABASE_URL (default data/unionbot.db)
    Type a button's number to press it; type "lat,lon" to send a location; /quit to leave.
console-banner-no-token =
    UNIONBOT_TELEGRAM_TOKEN is not set, so this is the offline console (embedded SQLite and the sample stations).
    To serve Telegram: set UNIONBOT_TELEGRAM_TOKEN=<token from BotFather> and run unionbot run again.
    Type a button's number to press it; type "lat,lon" to send a location; /quit to leave.

## Command line

cli-db-upgraded = Database upgraded to the latest version.
cli-file-missing = File not found: { $file }
cli-import-rejected = Line { $line } ({ $code }) rejected: { $reason }
cli-import-summary = Added { $added }, updated { $updated }, unchanged { $unchanged }, rejected { $rejected }.
cli-calendar-working = { $day }  working day (make-up)  { $note }
cli-calendar-off = { $day }  day off  { $note }
cli-calendar-empty = No overrides yet; working days follow the State Council's published arrangement.
cli-staff-added = User { $user } now has the role: { $role }.
cli-staff-removed = User { $user } no longer has the role { $role }; their staff menu returns to the member menu within a minute.
cli-staff-none = User { $user } has no staff role; nothing changed.
cli-staff-row = { $user }  { $role }
cli-staff-empty = No staff yet. Add someone with unionbot staff add USER_ID --role reviewer|bank|admin.
cli-catalog-broken = The product catalogue { $file } has errors, so the bot will not start. Fix these (or run unionbot catalog check):
forget-kept-for-bank = { $count } application or loan record(s) already with the bank are kept as the rules require, stripped of name, phone and other identity and no longer linked to you.

## Delivery self-test (used by tests and operators to check the outbox)

notice-test = Test notice: { $programme }, { $amount }
