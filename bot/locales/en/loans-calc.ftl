# Loan calculator, amount and term input, schedule export (bot/loans, bot/calendar).

## Typed amounts (bot/loans/amounts.py)
amount-empty = Please enter an amount, e.g. 100000 or 10万.
amount-not-a-number = I could not read that amount. Please write a number such as 100000, 100,000 or 10万.
amount-negative = The amount cannot be negative.
amount-zero = The amount must be more than 0.
amount-scientific = Please write the number in full (e.g. 100000), not in scientific notation.
amount-too-many-decimals = Amounts go down to the fen: at most two decimals.
amount-too-long = That is too long: an amount has at most { $max } characters.
amount-out-of-range = The amount must be between CNY { $min } and CNY { $max }.

## Typed terms
term-empty = Please enter a term, e.g. 12 months or 3 years.
term-not-understood = I could not read that term. Please write it like 12 months, 3 years or 18.
term-not-whole-months = The term must be a whole number of months, e.g. 1.5 years (18 months).
term-out-of-range = The term must be between { $min } and { $max } months.

## Calculator (bot/loans/calculator.py)
loan-calc-principal-not-positive = The loan amount must be more than 0.
loan-calc-principal-fen = The loan amount goes down to the fen: at most two decimals.
loan-calc-months-out-of-range = The term must be between { $min } and { $max } months.
loan-calc-rate-out-of-range = The annual rate must be between { $min } % and { $max } %.
loan-calc-principal-too-small-for-term = The amount is too small for a { $months }-month term at this rate to make a schedule to the fen. Please borrow more or choose a shorter term.
loan-calc-method-needs-draws = Draw-as-needed loans have no fixed schedule: interest is worked out from each draw and repayment date.
loan-calc-rate-adjust-invalid = That rate adjustment is not valid.
loan-calc-subsidy-invalid = That interest subsidy share is not valid.
loan-calc-draws-empty = Please enter at least one draw.
loan-calc-draw-amount-invalid = The amount on { $date } is not valid: it must be more than 0, to the fen.
loan-calc-overpaid = The repayment on { $date } is more than the balance drawn at that time.
loan-calc-over-limit = The draw on { $date } goes over the credit line of CNY { $limit }.
loan-calc-until-before-last-event = The interest end date cannot be before the last draw or repayment.

## Repayment methods
loan-method-equal-instalments = Equal instalments (等额本息)
loan-method-equal-principal = Equal principal (等额本金)
loan-method-interest-first = Interest first, principal at the end (先息后本)
loan-method-draw-as-needed = Draw and repay as needed (随借随还)

## Schedule export headers (bot/loans/schedule_csv.py)
loan-csv-period = Period
loan-csv-due-date = Due date
loan-csv-payment = Payment (CNY)
loan-csv-principal = Principal (CNY)
loan-csv-interest = Interest (CNY)
loan-csv-balance = Balance left (CNY)
loan-csv-total = Total
