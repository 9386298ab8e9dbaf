## Loan pre-application /apply (dialogs/apply.py)

flow-apply = Loan pre-application
apply-ask-programme = From your profile, you can apply for the union-backed loans below. Please choose one:
apply-profile-needed = Before applying, please send /profile and fill in your union branch and titles: they decide which loans and amounts are open to you.
apply-none-eligible = From your profile, none of the union-backed loans is open to you at the moment. Send /loans to see what each one requires.
apply-unknown-programme = There is no loan programme “{ $programme }”.
apply-not-eligible =
    Sorry, you cannot apply for “{ $programme }” at the moment:
    { $reasons }
apply-choose-other = Choose another programme
apply-no-id-number = Please don't send ID-card or bank-card numbers in this chat; I have not kept what you just sent. Show your ID and bank details at the bank's counter. Please answer the question again:

## Eligibility questions and checks

apply-question = { $question }
apply-question-hint = Please answer with the buttons below.
apply-question-number = Please type a number (in { $unit }).
apply-number-invalid = Please type just one number, e.g. 8.
apply-answer-yes = Yes
apply-answer-no = No
apply-answer-pair = { $question }: { $answer }
apply-answer-sep = ;{" "}

## Amount and term

apply-programme-chosen = Programme: { $programme }
apply-tier = From your profile you qualify for “{ $tier }”, up to { $max }.
apply-tier-range = From your profile you qualify for “{ $tier }”, from { $min } to { $max }.
apply-tier-unknown = I cannot tell which tier applies to you right now; please send /cancel and apply again.
apply-ask-amount = How much would you like to borrow? E.g. 200000, 200,000 or 20万:
apply-amount-max = The amount can be at most { $max }. Please try again.
apply-amount-range = The amount must be between { $min } and { $max }. Please try again.
apply-ask-term = Choose or type the loan term (at most { $max } months), e.g. 24 months or 2 years:
apply-term-months = { $months } months

## Purpose and repayment

apply-ask-purpose = What is the loan for?
apply-ask-method = How would you like to repay?

## Union branch, employer, name and mobile

apply-ask-branch = Which union are you applying through? Your profile says: { $branch }
apply-keep = ✔ Confirm
apply-branch-change = Another union
apply-ask-branch-pick = Choose the union you apply through, or type its name:
apply-branch-outside = This programme only takes applications from union members in { $region }; please choose your local union.
apply-ask-employer = Your employer's name (2–60 characters):
apply-employer-invalid = The employer's name must be { $min }–{ $max } characters. Please try again.
apply-ask-name = The applicant's name (as on your ID card, but no ID number is needed):
apply-confirm-name = Applicant: { $name }. Confirm with the button below, or type another name:
apply-use-name = ✔ Use “{ $name }”
apply-confirm-phone = Mobile: { $phone }. The bank and the union will call you on it.
apply-use-phone = ✔ Use { $phone }
apply-phone-other = 📱 Share another number
apply-ask-phone = Tap “Share my number” below to send the mobile number your Telegram account uses (Telegram verifies it; no need to type it).

## Three separate consents

apply-consent-processing =
    Consent 1 of 3: processing your information
    To handle this pre-application the union processes the name, mobile, employer, union branch, amount, term, purpose and answers you gave, for this application only.
    Do you agree?
apply-consent-processing-yes = ✅ I agree to the processing
apply-consent-bank =
    Consent 2 of 3: sharing with the bank
    Once the union's review is passed, it shares this pre-application (name and mobile included) with { $bank }, which decides on the loan.
    Do you agree?
apply-consent-bank-yes = ✅ I agree to share it with the bank
apply-consent-cross-border =
    Consent 3 of 3: cross-border transfer
    Telegram's servers are outside mainland China, so this application passes through servers abroad.
    Do you agree to this cross-border transfer of your application?
apply-consent-cross-border-yes = ✅ I agree to the cross-border transfer
apply-consent-no = I don't agree
apply-consent-processing-refused = Understood. Without your consent we cannot handle this pre-application: nothing was submitted and what you entered was not kept. You can also apply at the union's office.
apply-consent-bank-refused = Understood. The pre-application has to go to { $bank } for approval, so without your consent it cannot proceed: nothing was submitted and what you entered was not kept. You can also apply at the union's office.
apply-consent-cross-border-refused = Understood. Without consent to the cross-border transfer it cannot be done through Telegram: nothing was submitted and what you entered was not kept. Please apply at the union's office or through a domestic channel.
apply-consents-missing = Each of the three consents is needed before submitting; please send /apply and fill in the form again.

## Review and submit

apply-summary = Please check your pre-application. Change any item, then tap “Submit”:
apply-line-programme = Programme: { $programme } ({ $tier })
apply-line-amount = Amount: { $value }
apply-line-term = Term: { $months } months
apply-line-rate = Indicative rate: { $rate } % a year (the bank's approval decides)
apply-line-purpose = Purpose: { $value }
apply-line-method = Repayment: { $value }
apply-line-branch = Union: { $value }
apply-line-employer = Employer: { $value }
apply-line-name = Name: { $value }
apply-line-phone = Mobile: { $value }
apply-line-answers = Checks: { $value }
apply-line-consents = Agreed: processing ✔ sharing with { $bank } ✔ cross-border transfer ✔
apply-edit-amount = Amount
apply-edit-term = Term
apply-edit-purpose = Purpose
apply-edit-method = Repayment
apply-edit-branch = Union
apply-edit-employer = Employer
apply-edit-name = Name
apply-edit-phone = Mobile
apply-submit = 📨 Submit
apply-summary-use-buttons = Please tap “Submit”, or the item you want to change.
apply-submitted = ✅ Pre-application submitted! Reference: { $ref } ({ $programme })
apply-expected = Expect a decision by { $date } (within { $days } working days; public holidays do not count).
apply-counter-note = We have not asked, and never will ask, for your ID-card number, ID photos, bank account or statements in this chat. Bring them to the { $bank } counter instead.
apply-status-hint = Send /status to follow it at any time.

## Application status /status (dialogs/status.py)

status-none = You have not sent any loan pre-application yet.
status-header = Your loan pre-applications ({ $count }, newest first):
status-more = Only the newest { $shown } are shown.
status-card = 📄 { $ref } · { $programme }
    { $amount } · { $months } months · now: { $stage }
status-event = { $at }  { $stage }
status-event-note = { $at }  { $stage }: { $note }
status-event-answered = { $at }  you answered: { $note } (back in the union's review)
status-stage-submitted = submitted, waiting for the union's review
status-stage-reviewing = under union review
status-stage-info_requested = the union needs more information
status-stage-recommended = recommended to the bank
status-stage-declined = not recommended by the union
status-stage-approved = approved by the bank
status-stage-rejected = not approved by the bank
status-stage-withdrawn = withdrawn
status-expected = Decision expected by { $date } ({ $days } working days).
status-question = The union asks: { $question }
status-reason = Reason: { $reason }
status-approved-terms = Approved: { $amount } at { $rate } % a year over { $months } months. The bank will contact you about the contract and payout.
status-answer = ✍ Answer
status-withdraw = Withdraw
status-not-found = I cannot find your application { $ref }. Send /status to see yours.
status-not-now = Application { $ref } is now “{ $stage }”; that is no longer possible.
status-pick-first = Please send /status first and use the button under the application.
flow-withdraw = Withdraw an application
withdraw-ask = Withdraw application { $ref }? This cannot be undone; to borrow later, apply again.
withdraw-yes = Yes, withdraw
withdraw-no = Keep it
withdraw-done = Application { $ref } has been withdrawn.
withdraw-kept = OK, application { $ref } stays as it is.
flow-answer-info = Answer the union
answer-ask = Type your answer for application { $ref } (at most { $max } characters). Please don't send ID-card or bank-card numbers or photos.
answer-length = The answer must be { $min }–{ $max } characters. Please try again.
answer-sent = ✅ Your answer went to the union; application { $ref } is back in the review queue.
