## 群发通知（工会工作人员）

cmd-broadcast = 群发通知（工作人员）
flow-broadcast = 群发通知
broadcast-not-allowed = 群发通知只能由工会工作人员发送。
broadcast-ask-text =
    请发送要群发的通知：一段文字，或一张带说明文字的图片。
    会员收到的就是你发的原文，每个会员都一样。
broadcast-text-or-photo = 请发送文字，或一张带说明文字的图片。
broadcast-text-empty = 通知内容不能为空，请重新发送。
broadcast-text-too-long = 通知最多 { $limit } 个字，请精简后重新发送。
broadcast-caption-too-long = 图片的说明文字最多 { $limit } 个字，请精简后重新发送。
broadcast-photo-only = 只能附带图片（不支持贴纸、语音、视频或文件），请重新发送。
broadcast-ask-audience = 发给哪些会员？
broadcast-audience-all = 全体会员
broadcast-audience-branch = 某个工会
broadcast-audience-district = 某个区县
broadcast-audience-occupation = 某个职业
broadcast-audience-loan = 有在还贷款的会员
broadcast-audience-language = 某种语言
broadcast-no-districts = 工会名录（branches.csv）里还没有填写区县，暂时不能按区县发送。
broadcast-ask-branch = 发给哪个工会的会员？
broadcast-ask-district = 发给哪个区县的会员？
broadcast-ask-occupation = 发给哪个职业的会员？
broadcast-ask-language = 发给使用哪种语言的会员？
broadcast-to-all = 全体会员
broadcast-to-branch = { $name }的会员
broadcast-to-district = { $name }各工会的会员
broadcast-to-occupation = 职业为「{ $name }」的会员
broadcast-to-loan = 有在还贷款的会员
broadcast-to-language = 使用{ $name }的会员
broadcast-preview-head = 预览：会员将收到下面这条消息
broadcast-preview-rule = ━━━━━━━━━━
broadcast-preview-photo = 👆 预览：会员将收到上面这条消息——附带你发送的图片，说明文字与你写的一致。
broadcast-preview-count =
    发送对象：{ $audience }
    将发送给 { $count } 人。另有 { $opted_out } 人关闭了工会通知、{ $unreachable } 人已屏蔽机器人，不会发送给他们。
broadcast-preview-none = 这个范围内没有可以发送的会员，请返回重新选择，或取消。
broadcast-send-now = 📤 立即发送
broadcast-send-later = 🕘 定时发送
broadcast-ask-when =
    什么时候发送？请输入时间（{ $zone }），例如：
    { $example }、明天 9:00、11-23 14:30、后天下午3点
broadcast-when-type-it = 请用文字输入发送时间，例如：明天 9:00。
broadcast-when-invalid = 没看懂这个时间。请按「2026-11-23 09:00」或「明天 9:00」这样的格式输入。
broadcast-when-past = { $when } 已经过去了，请输入一个将来的时间；想马上发送请返回选「立即发送」。
broadcast-when-far = 最多只能提前 { $days } 天安排，请输入更近的时间。
broadcast-queued = ✅ 群发 #{ $id } 已开始发送，共 { $count } 人。发送完毕后会把结果报告发给你。
broadcast-scheduled = ✅ 群发 #{ $id } 已安排在 { $when } 发送，目前共 { $count } 人。发送完毕后会把结果报告发给你。
broadcast-quiet-note = 注意：{ $start }–{ $end } 是免打扰时段，这段时间不发群发通知，会等到 { $end } 以后再发。
broadcast-progress = 📊 查看进度
broadcast-list-head = 📢 正在发送和已安排的群发：{ $count } 条
broadcast-list-running = #{ $id } · 发送中 · { $audience }：已送达 { $delivered } / { $planned }，待发 { $pending }，失败 { $failed }，无法联系 { $unreachable }，已关闭通知 { $opted_out }
broadcast-list-scheduled = #{ $id } · 已安排 { $when } · { $audience }：约 { $planned } 人
broadcast-list-excerpt = { "   " }{ $photo ->
    [yes] 🖼{" "}
   *[no] {""}
}「{ $text }」
broadcast-cancel-button = ✕ 取消 #{ $id }
broadcast-new = ✍ 新建群发
broadcast-refresh = 🔄 刷新
broadcast-cancel-ask = 确定要取消群发 #{ $id }（{ $audience }：「{ $text }」）吗？还没发出的不会再发。
broadcast-cancel-yes = ✕ 确定取消
broadcast-cancel-no = 不取消
broadcast-cancel-gone = 群发 #{ $id } 已经结束或已取消，无需操作。
broadcast-cancelled = 已取消群发 #{ $id }：撤回 { $withdrawn } 条未发出的通知；已送达 { $delivered } 人，正在发出的 { $pending } 条以实际结果为准。
broadcast-report-head = 📢 群发 #{ $id } 已发送完毕（{ $audience }）。
broadcast-report-counts =
    已送达：{ $delivered } 人
    无法联系（已屏蔽机器人）：{ $unreachable } 人
    发送失败：{ $failed } 人
    已关闭工会通知（未发送）：{ $opted_out } 人
    已删除个人数据（未发送）：{ $other } 人
broadcast-report-reason = { "  " }· 失败原因「{ $reason }」：{ $count } 人

## 通知设置

flow-settings = 通知设置
settings-head = ⚙️ 通知设置
settings-notices = 工会通知（群发消息）：{ $state ->
    [off] 🔕 已关闭
   *[on] 🔔 开启
}
settings-always = 与你本人有关的通知总会发送，不受这个设置影响：你自己贷款的还款提醒，以及你的贷款申请的审批结果。
settings-turn-off = 🔕 关闭工会通知
settings-turn-on = 🔔 开启工会通知
settings-keep = 保持不变
settings-saved = { $changed ->
    [yes] ✅ 已保存：
   *[no] 设置未改变：
}工会通知{ $state ->
    [off] 已关闭。还款提醒和审批结果仍会照常发送。
   *[on] 已开启。
}
