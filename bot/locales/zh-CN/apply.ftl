## 贷款预申请 /apply（dialogs/apply.py）

flow-apply = 贷款预申请
apply-ask-programme = 根据你的资料，你可以申请下面的工会贷款产品。请选择一个：
apply-profile-needed = 申请前请先发送 /profile 填写所属工会和荣誉称号，我会据此判断你可以申请的产品和额度。
apply-none-eligible = 根据你的资料，目前没有你可以申请的工会贷款产品。发送 /loans 可以查看各产品的申请条件。
apply-unknown-programme = 没有找到贷款产品「{ $programme }」。
apply-not-eligible =
    很抱歉，你暂时不能申请「{ $programme }」：
    { $reasons }
apply-choose-other = 选择其他产品
apply-no-id-number = 请不要在聊天中发送身份证号、银行卡号这类号码，刚才的内容我没有保存。证件和银行账户请在银行柜台办理时出示。请按提示重新回答：

## 资格问题与确认事项

apply-question = { $question }
apply-question-hint = 请点选下方按钮回答。
apply-question-number = 请输入数字（单位：{ $unit }）。
apply-number-invalid = 请只输入一个数字，例如 8。
apply-answer-yes = 是
apply-answer-no = 否
apply-answer-pair = { $question }：{ $answer }
apply-answer-sep = ；

## 金额与期限

apply-programme-chosen = 申请产品：{ $programme }
apply-tier = 根据你的资料，你适用「{ $tier }」，最高可申请 { $max }。
apply-tier-range = 根据你的资料，你适用「{ $tier }」，额度为 { $min } 至 { $max }。
apply-tier-unknown = 暂时无法确定你适用的档次，请发送 /cancel 后重新申请。
apply-ask-amount = 请输入申请金额，例如 200000、20万 或 二十万：
apply-amount-max = 金额最高为 { $max }，请重新输入。
apply-amount-range = 金额须在 { $min } 至 { $max } 之间，请重新输入。
apply-ask-term = 请选择或输入贷款期限（最长 { $max } 个月），例如 24个月 或 2年：
apply-term-months = { $months } 个月

## 用途与还款方式

apply-ask-purpose = 贷款用途是？
apply-ask-method = 希望采用哪种还款方式？

## 工会、工作单位、姓名与手机

apply-ask-branch = 通过哪个工会申请？你资料中的工会是：{ $branch }
apply-keep = ✔ 确认
apply-branch-change = 更换工会
apply-ask-branch-pick = 请选择申请所通过的工会，或直接输入工会名称：
apply-branch-outside = 这个产品只接受{ $region }工会会员的申请，请选择所在地区的工会。
apply-ask-employer = 请输入你的工作单位名称（2–60 个字）：
apply-employer-invalid = 工作单位名称须为 { $min }–{ $max } 个字，请重新输入。
apply-ask-name = 请输入申请人姓名（与身份证上的姓名一致，但不需要身份证号）：
apply-confirm-name = 申请人姓名：{ $name }。确认请点下方按钮，或直接输入其他姓名：
apply-use-name = ✔ 使用「{ $name }」
apply-confirm-phone = 联系手机：{ $phone }。银行和工会将用这个号码联系你。
apply-use-phone = ✔ 使用 { $phone }
apply-phone-other = 📱 分享其他号码
apply-ask-phone = 请点击下方「分享手机号」按钮，发送你在 Telegram 绑定的手机号（由 Telegram 验证，无需手动输入）。

## 三项单独同意

apply-consent-processing =
    第 1 项同意（共 3 项）：个人信息处理
    为办理这份贷款预申请，工会需要处理你填写的姓名、手机号、工作单位、所属工会、申请金额、期限、用途和确认事项，仅用于本次申请。
    你同意吗？
apply-consent-processing-yes = ✅ 同意处理
apply-consent-bank =
    第 2 项同意（共 3 项）：提供给银行
    工会初审通过后，会把这份预申请（含姓名和手机号）提供给{ $bank }，由银行审批贷款。
    你同意吗？
apply-consent-bank-yes = ✅ 同意提供给银行
apply-consent-cross-border =
    第 3 项同意（共 3 项）：跨境传输
    Telegram 的服务器位于境外，这份申请的内容会经境外服务器传输。
    你同意这份申请的信息跨境传输吗？
apply-consent-cross-border-yes = ✅ 同意跨境传输
apply-consent-no = 不同意
apply-consent-processing-refused = 好的。没有你的同意，我们无法处理这份预申请，申请未提交，填写的内容也没有保存。你也可以直接到工会窗口办理。
apply-consent-bank-refused = 好的。预申请需要提供给{ $bank }审批，没有你的同意无法办理，申请未提交，填写的内容也没有保存。你也可以直接到工会窗口办理。
apply-consent-cross-border-refused = 好的。没有跨境传输的同意，无法通过 Telegram 办理，申请未提交，填写的内容也没有保存。请到工会窗口或通过境内渠道办理。
apply-consents-missing = 提交前需要你对三项内容分别表示同意，请重新发送 /apply 填写。

## 核对与提交

apply-summary = 请核对你的预申请，可以逐项修改，确认无误后点「提交」：
apply-line-programme = 产品：{ $programme }（{ $tier }）
apply-line-amount = 金额：{ $value }
apply-line-term = 期限：{ $months } 个月
apply-line-rate = 参考年利率：{ $rate }%（以银行审批为准）
apply-line-purpose = 用途：{ $value }
apply-line-method = 还款方式：{ $value }
apply-line-branch = 工会：{ $value }
apply-line-employer = 工作单位：{ $value }
apply-line-name = 姓名：{ $value }
apply-line-phone = 手机：{ $value }
apply-line-answers = 确认事项：{ $value }
apply-line-consents = 已同意：处理本申请 ✔ 提供给{ $bank } ✔ 跨境传输 ✔
apply-edit-amount = 改金额
apply-edit-term = 改期限
apply-edit-purpose = 改用途
apply-edit-method = 改还款方式
apply-edit-branch = 改工会
apply-edit-employer = 改单位
apply-edit-name = 改姓名
apply-edit-phone = 改手机
apply-submit = 📨 提交预申请
apply-summary-use-buttons = 请点「提交预申请」，或点要修改的项目。
apply-submitted = ✅ 预申请已提交！申请编号：{ $ref }（{ $programme }）
apply-expected = 预计在 { $date } 前给出结果（{ $days } 个工作日内，遇法定节假日顺延）。
apply-counter-note = 我们没有、也不会在聊天中向你索取身份证号、证件照片、银行账户或流水。这些材料请在{ $bank }柜台办理时当面提供。
apply-status-hint = 发送 /status 随时查看进度。

## 申请进度 /status（dialogs/status.py）

status-none = 你还没有提交过贷款预申请。
status-header = 你的贷款预申请（共 { $count } 份，最新的在前）：
status-more = 只显示了最新的 { $shown } 份。
status-card = 📄 { $ref } · { $programme }
    金额 { $amount } · 期限 { $months } 个月 · 当前：{ $stage }
status-event = { $at }  { $stage }
status-event-note = { $at }  { $stage }：{ $note }
status-event-answered = { $at }  你已回复：{ $note }（重新进入工会审核）
status-stage-submitted = 已提交，等待工会审核
status-stage-reviewing = 工会审核中
status-stage-info_requested = 工会需要补充信息
status-stage-recommended = 已推荐至银行
status-stage-declined = 工会未予推荐
status-stage-approved = 银行已批准
status-stage-rejected = 银行未批准
status-stage-withdrawn = 已撤回
status-expected = 预计 { $date } 前给出结果（{ $days } 个工作日）。
status-question = 工会的问题：{ $question }
status-reason = 原因：{ $reason }
status-approved-terms = 批准：金额 { $amount }，年利率 { $rate }%，期限 { $months } 个月。请按银行通知办理签约放款。
status-answer = ✍ 回答
status-withdraw = 撤回
status-not-found = 没有找到你的申请 { $ref }。发送 /status 查看你的申请。
status-not-now = 申请 { $ref } 当前为「{ $stage }」，不能进行这个操作。
status-pick-first = 请先发送 /status，在相应申请下点按钮。
flow-withdraw = 撤回申请
withdraw-ask = 确定要撤回申请 { $ref } 吗？撤回后不能恢复，如仍需贷款请重新申请。
withdraw-yes = 确认撤回
withdraw-no = 不撤回
withdraw-done = 申请 { $ref } 已撤回。
withdraw-kept = 好的，申请 { $ref } 保持不变。
flow-answer-info = 回复工会
answer-ask = 请直接输入你对申请 { $ref } 的回复（最多 { $max } 个字）。请不要发送身份证号、银行卡号或证件照片。
answer-length = 回复须为 { $min }–{ $max } 个字，请重新输入。
answer-sent = ✅ 已把你的回复转给工会，申请 { $ref } 重新进入审核队列。
