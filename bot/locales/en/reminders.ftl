## Repayment reminders (bot/reminders.py, rendered at delivery)

reminder-before = 📅 Repayment reminder: instalment { $period } of { $periods } of your { $programme } loan is due on { $due } (in { $days } days). Please have { $amount } in the repayment account by then: that is the full instalment the bank debits.
reminder-today = 📅 Today ({ $due }) instalment { $period } of { $periods } of your { $programme } loan is due: { $amount }, the full instalment the bank debits. Please make sure the repayment account holds it.
reminder-overdue = ⚠️ The bank has not yet recorded instalment { $period } of { $periods } of your { $programme } loan, due on { $due }: { $amount }. Please pay it as soon as you can, or contact the bank. If you have already paid, please ignore this: the bank's record can take a day.
reminder-subsidy-note = The union's interest subsidy does not reduce what the bank debits: the union refunds its share of this instalment's interest ({ $refund }) to you later, in batches, after a public notice of 5 working days.
reminder-button-myloans = 📅 My loans
# Draw-as-needed lines: no instalments, only an end date; the line amount and rate, never a balance
reminder-line-before = 📅 Credit line reminder: your { $programme } draw-as-needed line ({ $amount } at { $rate }% a year) ends on { $end } (in { $days } days). Please repay everything you have drawn, with its interest, to the bank by then; the bank's records show what you owe.
reminder-line-today = 📅 Today ({ $end }) your { $programme } draw-as-needed line ({ $amount } at { $rate }% a year) ends. Please repay everything you have drawn, with its interest, to the bank today; the bank's records show what you owe.
reminder-line-overdue = ⚠️ Your { $programme } draw-as-needed line ({ $amount } at { $rate }% a year) ended on { $end } and the bank has not yet recorded it as repaid. Please repay what you drew as soon as you can, or contact the bank. If you have already repaid, please ignore this: the bank's record can take a day.
reminder-line-subsidy-note = The union's interest subsidy does not reduce what you owe the bank: pay the bank the interest in full; the union refunds its share later, in batches, after a public notice of 5 working days.

loan-disbursed-notice = 💰 The bank has recorded the disbursement of your loan { $ref } ({ $programme }): { $amount } on { $on }. You repay it in { $count } monthly instalments; the first, { $first }, is due on { $due }. I will remind you { $days } day(s) before each due date (0 = on the day).
loan-disbursed-subsidy = Under the union's interest subsidy you still pay the bank each full instalment; the union refunds its share of the interest later, after a public notice of 5 working days.
loan-line-disbursed-notice = 💰 The bank has recorded your draw-as-needed credit line { $ref } ({ $programme }): { $amount } from { $on } at { $rate }% a year, ending on { $end }. Draw and repay at will within the line; interest runs on the days you use the money. Everything drawn, with its interest, must be repaid to the bank by the end date. I will remind you { $days } day(s) before it (0 = on the day).

## SLA escalation to admins (bot/escalation.py)

escalation-head = ⏰ { $count } loan application(s) have waited for union review longer than promised:
escalation-line = • { $ref } ({ $programme }, { $stage ->
    [reviewing] opened, no decision yet
   *[other] not opened yet
}): in the queue since { $queued }, { $waited } working days, the promise was { $sla } (by { $due })
escalation-more = … and { $count } more: see /review.

## /myloans

myloans-none = No disbursed loan is recorded for you yet. Once the bank has paid out an approved loan and recorded it, it appears here with its repayment schedule; see /status for your applications.
myloans-header = Your loans ({ $count }):
myloans-card = 📄 { $programme } · { $ref }
    { $amount } at { $rate }% a year, { $months } months, { $method }; paid out on { $on }
myloans-next = Next: instalment { $period }/{ $periods }, { $amount } due on { $due } (the full instalment the bank debits)
myloans-late = ⚠️ { $count } instalment(s) past due and not yet recorded as paid; the first is { $period }, { $amount } due on { $due }. If you have paid, the bank's record can take a day.
myloans-left = Paid { $paid } of { $total } instalments; still to pay { $payments } (principal { $principal }).
myloans-repaid = ✅ Fully repaid.
myloans-subsidy = The union's interest subsidy refunds you { $refund } of interest over the loan, in batches after a public notice of 5 working days; the bank still debits each full instalment.
myloans-csv-button = 📥 Schedule (CSV)
myloans-csv-caption = Repayment schedule of loan { $ref } (opens in Excel or WPS).
myloans-csv-refund = Union refund (CNY)
myloans-csv-paid-on = Paid on
myloans-not-found = That loan was not found among yours.
myloans-line-card = 📄 { $programme } · { $ref }
    Draw-as-needed line of { $amount }, { $rate }% a year, { $months } months: from { $on }, ends on { $end }
myloans-line-open = The line ends on { $end } (in { $days } days): repay everything drawn, with its interest, to the bank by then. Draw and repay at will until then; interest runs on the days you use the money; the bank's records show the balance.
myloans-line-today = The line ends today ({ $end }): please repay everything drawn, with its interest, to the bank today; the bank's records show the balance.
myloans-line-late = ⚠️ The line ended on { $end } and the bank has not yet recorded it as repaid. Please repay what you drew as soon as you can; if you have, the bank's record can take a day.
myloans-line-next-reminder = Next reminder: { $day }
myloans-line-repaid = ✅ The bank recorded it repaid in full ({ $paid_on }); the line is closed.
myloans-line-subsidy = Union interest subsidy: pay the bank the interest in full; the union refunds its share in batches after a public notice of 5 working days.

## /disburse (bank officers)

flow-disburse = Recording a disbursement
disburse-none = No approved application is waiting for a disbursement record.
disburse-list-head = Approved applications without a disbursement record ({ $count }), oldest first:
disburse-list-line = • { $ref } · { $name } · approved { $amount }
disburse-ask-date = Disbursement for { $ref } ({ $name }). On what date did the bank pay out the loan? (e.g. 2026-11-17)
disburse-today = Today ({ $date })
disburse-date-invalid = Please type a date such as 2026-11-17.
disburse-date-future = That date is in the future. Please record a disbursement once it has happened.
disburse-date-too-old = That date is more than a year ago. Please check it.
disburse-ask-amount = Amount paid out? (approved: { $approved })
disburse-amount-line-hint = For a draw-as-needed line, enter the line amount.
disburse-use-approved = { $value } (as approved)
disburse-amount-over = The amount paid out cannot exceed the approved { $max }.
disburse-ask-rate = Contract annual interest rate in %? (approved: { $rate }%)
disburse-use-rate = { $rate }% (as approved)
disburse-rate-invalid = Please type the annual rate as a percentage, e.g. 4.3 (at most { $max }).
disburse-ask-term = Term in months? (approved: { $months })
disburse-use-term = { $months } months (as approved)
disburse-ask-method = Repayment method?
disburse-method-no-schedule = This repayment method has no fixed schedule, so no reminders can be planned for it. Please choose another.
disburse-ask-bank-ref = The bank's loan or contract number (optional; it helps match payment imports):
disburse-skip-bank-ref = Skip
disburse-bank-ref-invalid = Please type the number with letters, digits, - / _ or . only (up to 40), or press Skip.
disburse-summary = Please check: { $ref }, paid out { $amount } on { $on }, { $rate }% a year, { $months } months, { $method }; bank number { $bank_ref }.
disburse-summary-schedule = First instalment { $first } on { $first_due }; last { $last } on { $last_due }; total interest { $interest }.
disburse-summary-subsidy = Union interest subsidy over the loan: { $refund } (refunded to the member later).
disburse-summary-line = Draw-as-needed line, ending on { $end }; the member is reminded { $days } day(s) before (0 = on the day) to repay what was drawn, and gets an overdue notice the day after unless its repayment is recorded. Record it with /payment once repaid.
disburse-confirm = ✅ Record it
disburse-done = ✅ Disbursement of { $ref } recorded: { $count } instalments, the first { $first } on { $due }. The member has been told and will be reminded before each due date.
disburse-line-done = ✅ Draw-as-needed line { $ref } of { $amount } recorded, ending on { $end }. The member has been told and will be reminded before it ends.
disburse-line-term = A draw-as-needed line runs for at least 1 month.
disburse-not-approved = Application { $ref } is not approved (stage: { $stage }), so no disbursement can be recorded.
disburse-already = A disbursement of { $ref } is already recorded.

## /payment (bank officers)

flow-payment = Recording a payment
payment-none = No loan has an instalment due in the next days that is not yet recorded as paid.
payment-list-head = Loans with instalments to record ({ $count }), earliest due first:
payment-list-line = • { $ref }: { $unpaid } open, the first due on { $due }
payment-loan-unknown = No loan found for { $loan }.
payment-all-paid = Every instalment of { $loan } is already recorded as paid.
payment-instalment = { $period } · { $due } · { $amount }
payment-ask-instalment = Loan { $loan }: which instalment has been paid?
payment-ask-paid-on = Instalment { $period } (due { $due }): paid on what date?
payment-today = Today ({ $date })
payment-on-due = On the due date ({ $date })
payment-done = ✅ Payment of instalment { $period } of { $loan } recorded (paid on { $paid_on }). Its remaining reminders will not be sent.
payment-line-ask = { $loan } is a draw-as-needed line: has it been repaid in full? (Partial repayments need no record.)
payment-line-listed = • { $ref }: draw-as-needed line ending { $end }, full repayment not yet recorded
payment-line-option = Line repaid in full (ends { $end })
payment-line-ask-paid-on = Draw-as-needed line (ends { $end }): on what date was it repaid in full?
payment-line-done = ✅ Full repayment of { $loan }'s draw-as-needed line recorded (repaid on { $paid_on }). Its remaining reminders will not be sent.
payment-repaid = 🎉 That was the last one: the loan is fully repaid.
payment-already = Instalment { $period } was already recorded as paid; nothing changed.
payment-date-future = A payment cannot be recorded for a future date.
payment-period-unknown = This loan has no instalment { $period } (it has { $periods }).

## unionbot loans import-disbursements / import-payments

cli-loans-rejected = Line { $line } rejected: { $reason }
cli-loans-summary = Recorded { $added }, already recorded { $unchanged }, rejected { $rejected }.
import-missing-columns = The file lacks the column(s): { $columns }.
import-empty-ref = The reference is empty.
import-bad-date = “{ $value }” is not a date such as 2026-11-17.
import-bad-amount = “{ $value }” is not an amount.
import-bad-rate = “{ $value }” is not an annual rate in %.
import-bad-term = “{ $value }” is not a term in months.
import-bad-method = “{ $value }” is not a repayment method (equal_instalments, equal_principal, interest_first, draw_as_needed).
import-bad-period = “{ $value }” is not an instalment number.
import-unreadable = The file could not be read as CSV: { $error }
