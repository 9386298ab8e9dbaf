## 通用

nav-back = « 上一步
nav-cancel = ✕ 取消
value-unset = 未填写
value-yes = 是
value-no = 否
input-wrong-kind = 这里需要你点选上面的按钮或按提示回答，请再试一次。
input-choose-button = 请点选下方的一个选项。
button-unknown = 这个按钮无法识别，已忽略。
button-stale = 这是之前消息上的按钮，已失效。请使用最新一条消息的按钮。
dialog-expired = 「{ $flow }」已超时结束，之前填写的内容未保存。
edited-ignored = 我不会重新读取修改过的消息。如需更正，请重新发送一条。
media-unsupported = 抱歉，我只能读取文字、按钮、位置和手机号，图片、语音和贴纸无法处理。
text-too-long = 消息太长了（最多 { $limit } 个字），请简短一些。
command-unknown = 没有 /{ $command } 这个命令。发送 /help 查看可用的功能。
flow-continue = 你正在「{ $flow }」中，请继续回答：
cancel-nothing = 当前没有进行中的操作。发送 /help 查看可用的功能。
cancelled = 已取消「{ $flow }」，未保存任何内容。
resume-offer = 你之前在「{ $flow }」中还没有完成，要继续吗？
resume-yes = ▶ 继续
resume-no = 放弃
resume-dropped = 好的，已放弃「{ $flow }」。
received-location = 📍 已收到位置（仅用于本次查询，不会保存）。
received-contact = 📱 已收到手机号。
contact-outside = 已收到手机号，但现在没有需要它的操作。要保存到个人资料，请发送 /profile。
text-outside = 请选择你需要的服务：

## 首次使用与同意

welcome = 你好！我是工会职工服务助手：帮你找附近开放的职工驿站、了解工会贷款。
consent-ask =
    使用前请确认：Telegram 的服务器位于境外，你发给我的每条消息都会跨境传输。
    我只保存提供服务所必需的信息（语言、你主动填写的资料），你随时可以用 /mydata 查看、用 /forget 删除。
    你同意为此跨境处理你的信息吗？
consent-yes = ✅ 同意
consent-no = 不同意
consent-declined = 好的，我们没有保存你的任何信息。如果改变主意，发送 /start 即可。
consent-thanks = ✅ 谢谢，已记录你的同意。
consent-already = 你已经同意过了。
help-stranger = 我可以帮你查找附近的职工驿站、了解工会贷款。请先发送 /start 并确认同意信息跨境处理。
welcome-member = 欢迎！请选择你需要的服务：
welcome-member-named = 欢迎，{ $name }！请选择你需要的服务：
start-branch-set = 已记录你所属的工会：{ $branch }。

## 菜单与命令

menu-stations = 🏠 附近驿站
menu-loans = 💰 工会贷款
menu-apply = 📝 贷款预申请
menu-status = 📋 申请进度
menu-myloans = 📅 我的贷款
menu-profile = 👤 个人资料
menu-settings = ⚙️ 设置
menu-language = 🌐 Language
menu-mydata = 🔒 我的数据
menu-help = ❓ 帮助
cmd-start = 开始 / 主菜单
cmd-stations = 查找附近开放的职工驿站
cmd-loans = 工会贷款产品与资格
cmd-apply = 提交贷款预申请
cmd-status = 查看申请进度
cmd-myloans = 我的贷款与还款
cmd-profile = 个人资料
cmd-settings = 通知设置
cmd-language = 切换语言 / Language
cmd-mydata = 查看我被保存的数据
cmd-forget = 删除我的数据
cmd-help = 帮助
cmd-cancel = 取消当前操作
help =
    我可以帮你：
    /stations 查找附近开放的职工驿站（饮水、充电、微波炉、卫生间……）
    /loans 看看哪些工会贷款适合你，额度、利率怎么算
    /calc 月供计算器
    /apply 提交贷款预申请 · /status 查看申请进度
    /myloans 我的贷款和还款提醒
    /profile 填写或修改个人资料 · /settings 通知设置
    /language 切换语言 / Language
    /mydata 查看我们保存了你的哪些信息 · /forget 删除你的全部信息
    /cancel 随时取消当前操作
help-in-flow = 你正在「{ $flow }」中。继续回答下面的问题，或发送 /cancel 取消。
flow-profile = 个人资料
flow-stations = 查找驿站
flow-language = 切换语言
flow-forget = 删除数据

## 个人资料

profile-ask-name = 请输入你的姓名（用于工会和银行联系你，最多 20 个字）：
profile-name-empty = 姓名不能为空，请输入你的姓名。
profile-name-too-long = 姓名最多 { $max } 个字，请重新输入。
profile-name-letters = 姓名只能包含文字（不含数字、表情或符号），请重新输入。
profile-ask-phone = 请点击下方「分享手机号」按钮，发送你在 Telegram 绑定的手机号（由 Telegram 验证，无需手动输入）。
profile-share-phone = 📱 分享手机号
profile-phone-use-button = 请使用下方「分享手机号」按钮，不要手动输入号码。
profile-phone-not-own = 请分享你自己的手机号，而不是别人的联系人。
profile-phone-invalid = 这个号码无法识别，请通过按钮分享你的手机号。
profile-phone-not-cn-mobile = 目前只支持中国大陆手机号（+86）。
profile-ask-branch = 你属于哪个工会？请点选，或直接输入工会名称：
profile-branch-invalid = 请点选一个工会，或输入 2–40 个字的工会名称。
profile-ask-occupation = 你的职业是？
occupation-delivery_rider = 外卖骑手
occupation-courier = 快递员
occupation-ride_hailing_driver = 网约车司机
occupation-truck_driver = 货车司机
occupation-sanitation_worker = 环卫工人
occupation-factory_worker = 工厂职工
occupation-other = 其他
profile-ask-titles = 你有以下荣誉称号吗？可多选，选好后点「完成」：
title-toggle = { $on ->
    [yes] ☑
   *[no] ☐
} { $title }
title-labour_model = 劳动模范
title-labour_model_national = 全国劳动模范
title-labour_model_provincial = 省级劳动模范
title-labour_model_city = 市级劳动模范
title-labour_model_county = 县级劳动模范
title-craftsman_nanxun = 南浔工匠
title-craftsman_nantaihu = 南太湖工匠
title-craftsman_zhejiang = 浙江工匠
title-craftsman_national = 大国工匠
title-tech_pacesetter = 技术标兵
title-chief_technician = 首席技工
title-list = { $items }
titles-none = 无
titles-done = ✔ 完成
profile-ask-level = 你的劳动模范称号是哪一级？
level-national = 全国
level-provincial = 省级
level-city = 市级
level-county = 县级
profile-summary = 请核对你的资料，可以逐项修改，确认无误后点「保存」：
profile-line-name = 姓名：{ $value }
profile-line-phone = 手机：{ $value }
profile-line-branch = 工会：{ $value }
profile-line-occupation = 职业：{ $value }
profile-line-titles = 称号：{ $value }
profile-edit-name = 改姓名
profile-edit-phone = 改手机
profile-edit-branch = 改工会
profile-edit-occupation = 改职业
profile-edit-titles = 改称号
profile-save = 💾 保存
profile-saved = ✅ 个人资料已保存。

## 语言

language-ask = 请选择语言 / Choose your language:
language-set = ✅ 已切换为简体中文。

## 我的数据

mydata-header = 🔒 我们为你保存的信息：
mydata-meta =
    同意跨境处理的时间：{ $consent }
    语言：{ $language }
    有未完成的对话：{ $flow }
mydata-not-kept = 我们不保存：你的位置（只用于当次查询）、身份证号、银行账户。发送 /forget 可删除以上全部信息。
forget-ask = 确定要删除我们为你保存的全部信息吗？删除后无法恢复，下次使用需重新同意。
forget-yes = 🗑 确定删除
forget-no = 保留
forget-kept = 好的，你的信息保持不变。
forget-done = ✅ 已删除你的全部信息。我们只记录了「有一次删除」这件事本身（不含你的身份），以备依法核查。再见！

## 驿站

need-any = 都可以
stations-ask-need = 你现在最需要什么？
stations-ask-location = 请点击下方「发送位置」按钮，我来找离你最近的开放驿站。位置只用于这次查询，不会保存。
stations-share-location = 📍 发送位置
stations-location-use-button = 请使用下方「发送位置」按钮发送你的位置。
stations-location-zero = 这个位置（0,0）无效，请打开手机定位后重新发送。
stations-location-outside = 这个位置不在中国境内，目前只收录国内的驿站。请发送你当前的位置。
distance-m = { $m } 米
distance-km = { $km } 公里
clock = { $day ->
    [today] 今天 { $time }
    [tomorrow] 明天 { $time }
   *[other] { $date } { $time }
}
station-open-24h = 🟢 24 小时开放
station-open-until = 🟢 开放中，{ $time } 关门
station-closed-until = 🔴 已关门，{ $time } 开门
station-line = { $n }. { $name } · { $distance } · 步行约 { $walk } 分钟
station-line-hours = { "   " }{ $status } · { $hours }
station-line-status = { "   " }{ $status }
hours-24h = 24 小时
station-line-amenities = { "   " }{ $items }
stations-found = 附近{ $radius }内有 { $count } 个开放中的驿站（{ $need }），第 { $page }/{ $pages } 页：
stations-none-open = 附近{ $radius }内暂时没有开放中的驿站（{ $need }）。最近的几个以及开门时间：
stations-none = 附近{ $radius }内没有找到提供「{ $need }」的驿站。可以换一个需求再试试。
stations-none-any = 附近{ $radius }内没有收录的驿站。驿站名录还在完善中，抱歉！
stations-pick-hint = 点 📍 编号查看地图和导航。
stations-prev = ◀ 上一页
stations-more = 更多 ▶
stations-other-need = 换个需求
stations-done = 完成
stations-use-buttons = 请点选下方按钮：📍 查看驿站，或翻页。
stations-bye = 祝你一路平安！需要时再发送 /stations。
station-unknown = 没有找到编号为 { $code } 的驿站。
station-card =
    🏠 { $name }
    地址：{ $address }
    开放时间：{ $hours }（{ $status }）
    设施：{ $amenities }
    电话：{ $phone }
station-sample-note = ⚠️ 示例数据，仅供演示。
station-navigate = 🧭 高德地图导航

## 控制台

console-type-contact = （控制台代替 Telegram 的分享按钮）请输入手机号：
console-type-location = （控制台代替 Telegram 的位置按钮）请输入 纬度,经度：
console-banner =
    unionbot 离线控制台 · 数据库见 UNIONBOT_DATABASE_URL（默认 data/unionbot.db）
    按钮输入编号即可点击；输入「纬度,经度」发送位置；/quit 退出。
console-banner-no-token =
    未设置 UNIONBOT_TELEGRAM_TOKEN，已打开离线控制台（嵌入式 SQLite 与示例驿站数据）。
    连接 Telegram：设置 UNIONBOT_TELEGRAM_TOKEN=<BotFather 给你的令牌> 后再运行 unionbot run。
    按钮输入编号即可点击；输入「纬度,经度」发送位置；/quit 退出。

## 命令行

cli-db-upgraded = 数据库已升级到最新版本。
cli-file-missing = 找不到文件：{ $file }
cli-import-rejected = 第 { $line } 行（{ $code }）被拒绝：{ $reason }
cli-import-summary = 新增 { $added }，更新 { $updated }，未变 { $unchanged }，拒绝 { $rejected }。
cli-calendar-working = { $day }  工作日（调休上班）  { $note }
cli-calendar-off = { $day }  休息日  { $note }
cli-calendar-empty = 还没有人工调整的日期；工作日按国务院公布的安排计算。
cli-staff-added = 已设置用户 { $user } 的角色：{ $role }。
cli-staff-removed = 已取消用户 { $user } 的角色（{ $role }）；其工作人员菜单将在一分钟内恢复为会员菜单。
cli-staff-none = 用户 { $user } 没有工作人员角色，未作更改。
cli-staff-row = { $user }  { $role }
cli-staff-empty = 还没有工作人员。用 unionbot staff add 用户ID --role reviewer|bank|admin 添加。
cli-catalog-broken = 产品目录 { $file } 有错误，机器人不会启动。请修正以下问题（或运行 unionbot catalog check）：
forget-kept-for-bank = 已转交银行的 { $count } 份申请或贷款记录按规定保留（已去除姓名、手机号等身份信息，不再与你关联）。

## Delivery self-test (used by tests and operators to check the outbox)

notice-test = 测试通知：{ $programme }，{ $amount }
