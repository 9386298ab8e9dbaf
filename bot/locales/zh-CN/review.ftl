## 工作人员审核（/review）：工会初审、银行审批

flow-review = 审核预申请
cmd-review = 审核贷款预申请（工作人员）
cmd-disburse = 登记放款（银行）
cmd-payment = 登记还款（银行）

# 阶段名称。$stage 为 bot/applications.py 的阶段代码。
review-stage = { $stage ->
        [submitted] 待初审
        [reviewing] 工会初审中
        [info_requested] 待申请人补充材料
        [recommended] 已推荐至银行
        [declined] 工会未予推荐
        [approved] 银行已批准
        [rejected] 银行未予批准
        [withdrawn] 申请人已撤回
       *[other] { $stage }
    }

## 待办列表

review-queue-head = { $role ->
        [bank] 🏦 待银行审批的申请（{ $count } 件，最早的在前）：
        [admin] 📋 全部待办申请（{ $count } 件，最早的在前）：
       *[other] 📋 待工会初审的申请（{ $count } 件，最早的在前）：
    }
review-queue-empty = { $role ->
        [bank] 🏦 目前没有待银行审批的申请。
        [admin] 📋 目前没有待办的申请。
        [reviewer] 📋 目前没有待初审的申请。
       *[other] 你的角色没有需要处理的申请。
    }
review-queue-line = { $n }. { $ref } · { $stage } · { $programme } · { $amount }
review-queue-timing = { "   " }提交于 { $submitted }{ $answered ->
        [none] {""}
       *[other] {" "}· 补充信息于 { $answered }
    } · 已等 { $age } 个工作日 · 应于 { $due } 前办结{ $overdue ->
        [yes] {" "}· ⚠️ 已超期
       *[no] {""}
    }
review-queue-more = 只显示最早的 { $limit } 件；处理后点「刷新」查看更多。
review-refresh = 🔄 刷新

## 申请详情

review-card-head = 📄 申请 { $ref } · { $stage }
review-card-programme = 项目：{ $programme } · 档次：{ $tier } · 借款人：{ $borrower ->
        [company] 企业
       *[other] 个人
    }
review-card-amount = 申请金额：{ $amount } · 期限 { $term } 个月
review-card-purpose = 用途：{ $purpose } · 还款方式：{ $method }
review-card-applicant = 申请人：{ $name } · 手机 { $phone }
review-card-work = 所属工会：{ $branch } · 工作单位：{ $employer }
review-card-answer = { $question }：{ $answer }
# 时限自工会接手时起算：提交时，或申请人回复补充信息时（$answered，未回复过为 none）。
review-card-timing = 提交于 { $submitted }{ $answered ->
        [none] {""}
       *[other] {" "}· 补充信息于 { $answered }
    } · 已等 { $age } 个工作日 · 应于 { $due } 前办结{ $overdue ->
        [yes] {" "}· ⚠️ 已超期
       *[no] {""}
    }
review-card-decided = 批准条件：{ $amount } · 年利率 { $rate }% · { $term } 个月
review-card-history = 进度记录：
review-card-history-line = { "  " }{ $at } { $stage }{ $has_note ->
        [yes] ：{ $note }
       *[no] {""}
    }
review-card-no-id = ℹ️ 本系统不收集身份证号、银行账户和流水，由银行在柜台核验。
review-card-no-action = 此阶段你没有可执行的操作。
# 对话里不保存申请人资料；续办或重发时先读取申请再显示。
review-held = 📄 申请 { $ref } 的审核尚未完成。申请人资料不保存在对话中，点「显示申请」重新读取。
review-show = 📄 显示申请

review-do-recommend = 📨 推荐至银行
review-do-decline = 不予推荐
review-do-ask_info = 需补充材料
review-do-approve = ✅ 批准
review-do-reject = 不予批准
review-back = « 返回列表

## 理由与问题（原文发给申请人）

review-ask-decline-reason = 请写明申请 { $ref } 不予推荐的理由。
review-ask-reject-reason = 请写明申请 { $ref } 不予批准的理由。
review-ask-question = 请写下申请 { $ref } 需要补充的材料或问题。
review-note-goes-to-member = 这段文字会原样发给申请人，请不要要求对方在聊天中发送身份证号或银行账户。
review-note-length = 请写 { $min } 至 { $max } 个字。
review-note-type-it = 请直接输入文字。

## 银行审批

review-ask-amount = 批准金额是多少？申请金额为 { $requested }。可直接点下方按钮，或输入不超过申请金额的金额（如 80000 或 8万）。
review-use-requested = 按申请金额 { $value }
review-amount-over = 批准金额不能超过申请金额 { $max }。
review-ask-rate = 年利率是多少？请输入百分数，例如 3.45（表示 3.45%）。
review-use-rate = 按项目利率 { $rate }%
review-rate-invalid = 请输入 0 至 { $max } 之间的年利率百分数，最多四位小数，例如 3.45。
review-ask-term = 期限多少个月？申请期限为 { $requested } 个月。
review-use-term = 按申请期限 { $months } 个月
review-approve-summary =
    请确认批准：
    申请 { $ref } · { $name } · { $programme }
    批准金额：{ $amount }（申请 { $requested }）
    年利率：{ $rate }%
    期限：{ $term } 个月
    确认后申请人会收到批准通知，且无法撤销。
review-approve-confirm = ✅ 确认批准

## 办理结果

review-done-recommend = ✅ 已将申请 { $ref } 推荐至银行，已通知申请人。
review-done-decline = 已将申请 { $ref } 标记为不予推荐，理由已发给申请人。
review-done-ask_info = 已请申请人补充材料（申请 { $ref }）；对方回复后，申请会回到待初审列表。
review-done-approve = ✅ 已批准申请 { $ref }，已通知申请人。
review-done-reject = 已将申请 { $ref } 标记为不予批准，理由已发给申请人。
review-letter-caption = 📎 申请 { $ref } 的推荐函：可打印、盖章后转交银行。
review-letter-date = { $year }年{ $month }月{ $day }日
review-letter =
    推荐函

    { $bank }：

    兹有{ $branch }会员 { $name }（工作单位：{ $employer }，联系电话：{ $phone }）申请「{ $programme }」（{ $tier }）：
    申请金额：{ $amount }
    贷款期限：{ $term } 个月
    贷款用途：{ $purpose }
    还款方式：{ $method }

    经我会初审，该会员符合本项目的推荐条件，特此推荐，请贵行按规定审核办理。
    身份证件、银行账户等材料由申请人到贵行柜台提交，本函不含此类信息。

    申请编号：{ $ref }
    经办人：{ $reviewer ->
        [none] ____________
       *[other] { $reviewer }
    }

    { $branch }（盖章）
    { $date }

## 发给申请人的通知（按申请人当前语言发送）

notice-reviewing = 📋 你的贷款预申请 { $ref }（{ $programme }）已进入工会初审，有结果会第一时间通知你。
notice-recommended = ✅ 你的贷款预申请 { $ref }（{ $programme }）已推荐至银行。银行审批后会通知你；身份证件、银行账户等材料请到银行柜台办理，不要在聊天中发送。
notice-declined = 你的贷款预申请 { $ref }（{ $programme }）未获工会推荐。原因：{ $reason }。如有疑问，请联系所属工会。
notice-info_requested =
    📝 工会需要你补充信息，才能继续审核贷款预申请 { $ref }（{ $programme }）：
    { $reason }
    请点下方按钮回复。请不要发送身份证号或银行账户。
notice-approved = 🎉 你的贷款预申请 { $ref }（{ $programme }）已获批准：金额 { $amount }，年利率 { $rate }%，期限 { $term } 个月。银行将与你联系签订合同、办理放款。
notice-rejected = 你的贷款预申请 { $ref }（{ $programme }）未获银行批准。原因：{ $reason }。如有疑问，请联系所属工会。
notice-answer-button = ✍️ 回复补充信息

## 拒绝操作时的说明（bot/applications.py 抛出的 NotAllowed）

app-not-found = 没有找到申请 { $ref }。
# $stage 是阶段代码；这里引用 review-stage 显示阶段名称。
app-wrong-stage = 申请 { $ref } 目前「{ review-stage }」，不能进行这一操作。
app-changed-meanwhile = 申请 { $ref } 刚刚被其他人处理过，未做任何更改。请刷新后再看。
staff-not-allowed = 你的角色不能进行这一操作，未做任何更改。
decision-amount-range = 批准金额须大于 0，且不超过申请金额 { $max } 元。
decision-rate-range = 年利率须在 0 至 36% 之间。
decision-term-range = 期限须在 1 至 360 个月之间。
