## 还款提醒（bot/reminders.py，发送时按会员语言生成）

reminder-before = 📅 还款提醒：你的{ $programme }贷款第 { $period }/{ $periods } 期将于 { $due } 到期（还有 { $days } 天）。请在此前往还款账户存足 { $amount }，这是银行扣款的全额月供。
reminder-today = 📅 今天（{ $due }）是你的{ $programme }贷款第 { $period }/{ $periods } 期还款日：{ $amount }，这是银行扣款的全额月供。请确认还款账户余额充足。
reminder-overdue = ⚠️ 银行尚未登记你的{ $programme }贷款第 { $period }/{ $periods } 期还款（{ $due } 到期，{ $amount }）。请尽快还款或联系银行。如已还款请忽略本提醒：银行入账可能需要一天。
reminder-subsidy-note = 工会贴息不减少银行扣款金额：本期利息中由工会承担的部分（{ $refund }）将在公示 5 个工作日后分批退还给你。
reminder-button-myloans = 📅 我的贷款
# 随借随还额度：没有分期，只有到期日；金额只说额度和利率，欠款以银行记录为准
reminder-line-before = 📅 额度到期提醒：你的{ $programme }随借随还额度（{ $amount }，年利率 { $rate }%）将于 { $end } 到期（还有 { $days } 天）。请在到期日前向银行还清已借用的全部款项及利息；具体欠款以银行记录为准。
reminder-line-today = 📅 今天（{ $end }）是你的{ $programme }随借随还额度（{ $amount }，年利率 { $rate }%）的到期日。请今天向银行还清已借用的全部款项及利息；具体欠款以银行记录为准。
reminder-line-overdue = ⚠️ 你的{ $programme }随借随还额度（{ $amount }，年利率 { $rate }%）已于 { $end } 到期，银行尚未登记还清。请尽快向银行还清所借款项或联系银行。如已还清请忽略本提醒：银行入账可能需要一天。
reminder-line-subsidy-note = 工会贴息不减少应还银行的金额：利息须先足额还给银行，工会承担的部分将在公示 5 个工作日后分批退还给你。

loan-disbursed-notice = 💰 银行已登记你的贷款 { $ref }（{ $programme }）放款：{ $on } 放款 { $amount }。共分 { $count } 期按月还款，首期 { $first } 于 { $due } 到期。每期到期前 { $days } 天我会提醒你（0 表示当天）。
loan-disbursed-subsidy = 享受工会贴息时，每期仍须向银行足额还款；工会承担的利息将在公示 5 个工作日后退还给你。
loan-line-disbursed-notice = 💰 银行已登记你的随借随还额度 { $ref }（{ $programme }）：{ $on } 起授信 { $amount }，年利率 { $rate }%，{ $end } 到期。额度内随借随还，按实际用款天数计息；到期前须向银行还清所借款项及利息。到期前 { $days } 天我会提醒你（0 表示当天）。

## 超时督办（bot/escalation.py）

escalation-head = ⏰ 有 { $count } 笔贷款申请等待工会审核已超过承诺时限：
escalation-line = • { $ref }（{ $programme }，{ $stage ->
    [reviewing] 已打开，尚未决定
   *[other] 尚未打开
}）：{ $queued } 起排队，已等待 { $waited } 个工作日，承诺 { $sla } 个工作日（{ $due } 前）
escalation-more = ……另有 { $count } 笔，请查看 /review。

## /myloans

myloans-none = 暂时没有登记你的放款记录。已获批的贷款由银行放款并登记后会显示在这里，并附还款计划；申请进度请看 /status。
myloans-header = 你的贷款（{ $count } 笔）：
myloans-card = 📄 { $programme } · { $ref }
    { $amount }，年利率 { $rate }%，{ $months } 个月，{ $method }；{ $on } 放款
myloans-next = 下一期：第 { $period }/{ $periods } 期，{ $due } 到期，{ $amount }（银行扣款的全额月供）
myloans-late = ⚠️ 有 { $count } 期已过还款日、银行尚未登记还款；最早一期为第 { $period } 期，{ $due } 到期，{ $amount }。如已还款，银行入账可能需要一天。
myloans-left = 已还 { $paid }/{ $total } 期；尚需还款 { $payments }（其中本金 { $principal }）。
myloans-repaid = ✅ 已全部还清。
myloans-subsidy = 工会贴息在整个贷款期内共退还利息 { $refund }，公示 5 个工作日后分批退还；银行仍按全额月供扣款。
myloans-csv-button = 📥 还款计划（CSV）
myloans-csv-caption = 贷款 { $ref } 的还款计划（可用 Excel 或 WPS 打开）。
myloans-csv-refund = 工会贴息退还（元）
myloans-csv-paid-on = 还款日期
myloans-not-found = 在你的贷款中没有找到这一笔。
myloans-line-card = 📄 { $programme } · { $ref }
    随借随还额度 { $amount }，年利率 { $rate }%，{ $months } 个月：{ $on } 起，{ $end } 到期
myloans-line-open = 额度 { $end } 到期（还有 { $days } 天）：到期前须向银行还清所借款项及利息。额度内随借随还，按实际用款天数计息；用款余额以银行记录为准。
myloans-line-today = 额度今天（{ $end }）到期：请今天向银行还清所借款项及利息；用款余额以银行记录为准。
myloans-line-late = ⚠️ 额度已于 { $end } 到期，银行尚未登记还清。请尽快向银行还清所借款项；如已还清，银行入账可能需要一天。
myloans-line-next-reminder = 下次提醒：{ $day }
myloans-line-repaid = ✅ 银行已登记还清（{ $paid_on }），额度已结清。
myloans-line-subsidy = 工会贴息：利息须先足额还给银行，工会承担的部分公示 5 个工作日后分批退还。

## /disburse（银行人员）

flow-disburse = 登记放款
disburse-none = 目前没有等待登记放款的已批准申请。
disburse-list-head = 已批准、尚未登记放款的申请（{ $count } 笔，最早的在前）：
disburse-list-line = • { $ref } · { $name } · 批准 { $amount }
disburse-ask-date = 登记 { $ref }（{ $name }）的放款。银行哪天放款？（如 2026-11-17）
disburse-today = 今天（{ $date }）
disburse-date-invalid = 请输入日期，如 2026-11-17。
disburse-date-future = 这个日期还没到。请在放款后再登记。
disburse-date-too-old = 这个日期已超过一年，请核对。
disburse-ask-amount = 放款金额？（批准金额：{ $approved }）
disburse-amount-line-hint = 随借随还请填授信额度。
disburse-use-approved = { $value }（按批准金额）
disburse-amount-over = 放款金额不能超过批准的 { $max }。
disburse-ask-rate = 合同年利率（%）？（批准：{ $rate }%）
disburse-use-rate = { $rate }%（按批准利率）
disburse-rate-invalid = 请输入年利率百分数，如 4.3（不超过 { $max }）。
disburse-ask-term = 期限（月）？（批准：{ $months } 个月）
disburse-use-term = { $months } 个月（按批准期限）
disburse-ask-method = 还款方式？
disburse-method-no-schedule = 这种还款方式没有固定的还款计划，无法安排还款提醒。请选择其他方式。
disburse-ask-bank-ref = 银行的贷款或合同编号（可不填；填写后便于导入还款记录时对应）：
disburse-skip-bank-ref = 跳过
disburse-bank-ref-invalid = 编号只能包含字母、数字和 - / _ .（最多 40 个字符），或点“跳过”。
disburse-summary = 请核对：{ $ref }，{ $on } 放款 { $amount }，年利率 { $rate }%，{ $months } 个月，{ $method }；银行编号 { $bank_ref }。
disburse-summary-schedule = 首期 { $first_due } 还 { $first }；末期 { $last_due } 还 { $last }；利息合计 { $interest }。
disburse-summary-subsidy = 整个贷款期工会贴息：{ $refund }（之后退还给会员）。
disburse-summary-line = 随借随还额度，{ $end } 到期；到期前 { $days } 天提醒会员向银行还清所借款项（0 表示当天），到期次日仍未登记还清则发逾期提醒。会员还清后请用 /payment 登记。
disburse-confirm = ✅ 确认登记
disburse-done = ✅ 已登记 { $ref } 的放款：共 { $count } 期，首期 { $due } 还 { $first }。已通知会员，每期到期前会提醒。
disburse-line-done = ✅ 已登记 { $ref } 的随借随还额度 { $amount }，{ $end } 到期。已通知会员，到期前会提醒。
disburse-line-term = 随借随还额度的期限至少 1 个月。
disburse-not-approved = 申请 { $ref } 未获批准（当前阶段：{ $stage }），不能登记放款。
disburse-already = { $ref } 的放款已经登记过。

## /payment（银行人员）

flow-payment = 登记还款
payment-none = 近几天没有到期且尚未登记还款的贷款。
payment-list-head = 有待登记还款的贷款（{ $count } 笔，到期早的在前）：
payment-list-line = • { $ref }：{ $unpaid } 期未登记，最早 { $due } 到期
payment-loan-unknown = 没有找到 { $loan } 对应的贷款。
payment-all-paid = { $loan } 的各期还款都已登记。
payment-instalment = 第 { $period } 期 · { $due } · { $amount }
payment-ask-instalment = 贷款 { $loan }：哪一期已还款？
payment-ask-paid-on = 第 { $period } 期（{ $due } 到期）：哪天还的款？
payment-today = 今天（{ $date }）
payment-on-due = 到期当天（{ $date }）
payment-done = ✅ 已登记 { $loan } 第 { $period } 期还款（{ $paid_on } 还款）。这一期尚未发送的提醒不再发送。
payment-line-ask = { $loan } 是随借随还额度：会员已全部还清了吗？（部分还款无需登记）
payment-line-listed = • { $ref }：随借随还额度 { $end } 到期，尚未登记还清
payment-line-option = 额度已全部还清（{ $end } 到期）
payment-line-ask-paid-on = 随借随还额度（{ $end } 到期）：哪天全部还清的？
payment-line-done = ✅ 已登记 { $loan } 的随借随还额度全部还清（{ $paid_on } 还清）。尚未发送的到期提醒不再发送。
payment-repaid = 🎉 这是最后一期：贷款已全部还清。
payment-already = 第 { $period } 期此前已登记还款，未做更改。
payment-date-future = 不能登记未来日期的还款。
payment-period-unknown = 这笔贷款没有第 { $period } 期（共 { $periods } 期）。

## unionbot loans import-disbursements / import-payments

cli-loans-rejected = 第 { $line } 行未导入：{ $reason }
cli-loans-summary = 已登记 { $added }，此前已登记 { $unchanged }，未导入 { $rejected }。
import-missing-columns = 文件缺少列：{ $columns }。
import-empty-ref = 编号为空。
import-bad-date = “{ $value }”不是日期（如 2026-11-17）。
import-bad-amount = “{ $value }”不是金额。
import-bad-rate = “{ $value }”不是年利率百分数。
import-bad-term = “{ $value }”不是月数。
import-bad-method = “{ $value }”不是还款方式（equal_instalments、equal_principal、interest_first、draw_as_needed）。
import-bad-period = “{ $value }”不是期数。
import-unreadable = 无法按 CSV 读取文件：{ $error }
