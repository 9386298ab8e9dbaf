## /loans (dialogs/loans.py) and /calc (dialogs/calculator.py)
## Money and rates arrive formatted by the code (CNY 200,000, 3.6975); rates are % per year.

flow-loans = union loan eligibility check
flow-calc = loan calculator
cmd-calc = Loan calculator (monthly payment, interest)
menu-calc = 🧮 Loan calculator

## The two facts a profile may lack

loans-ask-branch = Union loans are for the members of the local union only. Which union do you belong to? Tap one, or type its name:
loans-ask-titles = Do you hold any of these titles? They decide how much you can borrow and at what rate. Pick all that apply, then tap “Done”:

## Guided questions

loans-question = { $text } ({ $left } left to answer)
loans-question-why = This matters for: { $programmes }
loans-question-number = Please type a number ({ $unit }), e.g. 12.
loans-number-typed = Please type a number.
loans-number-invalid = I could not read that number. Please write only a number ({ $unit }), e.g. 12.
loans-no-more-questions = All questions are answered.

## Verdicts

loans-summary = From your profile and answers, union loan programmes that fit you: { $fitting } of { $total } ({ $split }): { $names }.
loans-summary-none = From your profile and answers, none of the { $total } union loan programmes fits you yet; the reasons are below.
loans-count-individual = personal loans: { $count }
loans-count-company = company loans: { $count }
loans-based-on = Based on: union { $branch }; titles { $titles }. Use /profile if anything has changed.
loans-assumption-legend = Items marked ⚠ are figures the reports do not state; the sample catalogue assumes them for demonstration. The bank's and the union's actual terms apply.
loans-assumed-mark = (⚠ assumption)

loans-card-title = ✅ { $name } · { $borrower }
loans-card-organiser = { $organiser } · partner bank: { $bank }
loans-card-cap = Your tier: { $tier } · up to { $max }
loans-card-cap-range = Your tier: { $tier } · credit line { $min } to { $max }
loans-card-rate = Annual rate: { $rate } % (quoted for { $months } months) { $assumed }
loans-card-rate-how = { "  " }How the rate is set: { $how }
loans-card-term = Term: up to { $months } months
loans-card-security = Security: { $security }
loans-card-methods = Repayment: { $methods }
loans-card-subsidy = Interest subsidy: { $subsidy }
loans-card-bears = What you actually bear: { $bears }
loans-card-higher-tier = Higher tier not reached: { $reason }
loans-card-note = Note: { $note }
loans-card-assumption = ⚠ Assumption: { $note }

loans-security-credit = credit (no guarantee, no collateral)
loans-security-guarantee = guarantee
loans-security-mortgage = mortgage
loans-subsidy-none = none
loans-subsidy-full = full interest subsidy from the union
loans-subsidy-points = union subsidy of { $points } percentage points
loans-subsidy-share = union subsidy of { $share } % of the interest

loans-ineligible-header = These { $count } programmes do not fit you for now:
loans-ineligible-item = ❌ { $name } · { $borrower }: { $reason }
loans-reason-sep = ; { "" }
loans-missing-facts = your profile still lacks: { $facts } (fill it in with /profile)
loans-fact-union_member = union membership
loans-fact-union_branch = union branch
loans-fact-region = region
loans-fact-occupation = occupation
loans-fact-titles = titles

loans-apply = 📝 Apply
loans-calc = 🧮 Monthly payment
loans-change-answer = « Change my last answer
loans-done = ✔ Done
loans-prev = ◀ Previous
loans-more = Next ▶
loans-page = (page { $page } of { $pages }: programmes that fit you first, then the others with their reasons)
loans-use-buttons = Please use the buttons below to turn pages, apply or work out a monthly payment.
loans-bye = All right. Send /loans to check again, /calc for a monthly payment, /apply for a pre-application.
loans-saved-to-profile = The union and titles you just told me are now in your profile, so I will not ask again (/profile to change them).

## Calculator

calc-heading = 🧮 Loan calculator
calc-heading-preset = 🧮 { $programme } · { $tier }
calc-ask-amount = How much would you like to borrow? From { $min } to { $max }. You can write 100000, 100,000, 10万 or 10w.
calc-amount-invalid = { $reason } (you can borrow { $min } to { $max })
calc-type-amount = Please type the amount, e.g. 100000.
calc-ask-term = For how long? E.g. 12, 1 year, 3 years, 18 months (at most { $max } months).
calc-term-invalid = { $reason } (terms from 1 to { $max } months)
calc-type-term = Please type the term, e.g. 3 years.
calc-ask-method = How would you repay?
calc-method-hint-equal_instalments = · Equal instalments: the same payment every month
calc-method-hint-equal_principal = · Equal principal: the same principal every month, payments fall, less interest in total
calc-method-hint-interest_first = · Interest first: interest only each month, the principal at the end
calc-method-hint-draw_as_needed = · Draw as needed: interest on the days you actually use the money, repay any time
calc-ask-rate = What is the annual rate? E.g. 3.45 or 3.45%.
calc-rate-lpr-hint = For reference: 1-year LPR { $lpr1 } %, 5-year+ LPR { $lpr5 } % (since { $date }).
calc-rate-unquoted = There is no rate for this tier at this term yet; please type the annual rate your bank quotes.
calc-rate-invalid = Please type an annual rate between 0 and { $max } (a percentage, at most 4 decimals), e.g. 3.45 or 3.45%.
calc-rate-fraction = An annual rate of { $typed } % is very low. Did you mean { $meant } %? Please type it as a percentage.
calc-type-rate = Please type the annual rate, e.g. 3.45%.

calc-result-inputs = Loan { $amount } · { $months } months · { $method } · annual rate { $rate } %
calc-result-rate-how = Rate: { $how }
calc-result-assumption = ⚠ Assumption: { $note }
calc-monthly-equal_instalments = Monthly payment: { $payment }
calc-monthly-equal_principal = First month: { $payment } (falling every month)
calc-monthly-interest_first = Monthly payment (interest only): { $payment }
calc-result-first = Instalment 1: { $payment } (principal { $principal } + interest { $interest })
calc-result-last = Last instalment (no. { $n }): { $payment }
calc-result-interest = Total interest: { $interest }
calc-result-total = Total repaid: { $total }
calc-result-subsidy = { $kind }: you still pay the bank the full instalment above each month; the union later refunds { $refund } of interest in batches.
calc-result-bears = After the refund, the interest you bear: { $bears }; net cost, principal and interest: { $net }.
calc-draw-rule = Draw as needed: interest on the days actually used, daily rate = annual rate ÷ 360, counting the day of the draw but not the day of repayment.
calc-draw-day = Interest for 1 day on the full amount: { $interest }
calc-draw-month = Interest for { $days } days on the full amount: { $interest }
calc-draw-term = Interest on the full amount for all { $months } months ({ $start } to { $end }, { $days } days): { $interest }
calc-draw-early = Whatever you repay early stops costing interest from that day.
calc-csv = 📄 Full schedule (CSV)
calc-csv-caption = Repayment schedule: { $amount } · { $months } months · { $method } · annual rate { $rate } % (opens in Excel or WPS)
calc-again = ✏️ Change amount/term
calc-other-method = 🔁 Other repayment method
calc-done = ✔ Done
calc-bye = All right. Send /calc to work out another loan, or /loans to see which union loans fit you.
