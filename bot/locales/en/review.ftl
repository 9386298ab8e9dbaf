## Staff review (/review): union review, bank decision

flow-review = Review pre-applications
cmd-review = Review loan pre-applications (staff)
cmd-disburse = Record a disbursement (bank)
cmd-payment = Record a repayment (bank)

# Stage names. $stage is a stage code from bot/applications.py.
review-stage = { $stage ->
        [submitted] waiting for union review
        [reviewing] under union review
        [info_requested] waiting for the applicant's information
        [recommended] recommended to the bank
        [declined] not recommended by the union
        [approved] approved by the bank
        [rejected] rejected by the bank
        [withdrawn] withdrawn by the applicant
       *[other] { $stage }
    }

## Queue

review-queue-head = { $role ->
        [bank] 🏦 Waiting for the bank's decision ({ $count }, oldest first):
        [admin] 📋 All waiting applications ({ $count }, oldest first):
       *[other] 📋 Waiting for union review ({ $count }, oldest first):
    }
review-queue-empty = { $role ->
        [bank] 🏦 Nothing is waiting for the bank's decision.
        [admin] 📋 Nothing is waiting.
        [reviewer] 📋 Nothing is waiting for union review.
       *[other] Nothing is waiting for your role.
    }
review-queue-line = { $n }. { $ref } · { $stage } · { $programme } · { $amount }
review-queue-timing = { "   " }submitted { $submitted }{ $answered ->
        [none] {""}
       *[other] {" "}· answered { $answered }
    } · waiting { $age } working days · due by { $due }{ $overdue ->
        [yes] {" "}· ⚠️ overdue
       *[no] {""}
    }
review-queue-more = Only the oldest { $limit } are shown; press “Refresh” after handling them to see more.
review-refresh = 🔄 Refresh

## One application

review-card-head = 📄 Application { $ref } · { $stage }
review-card-programme = Programme: { $programme } · tier: { $tier } · borrower: { $borrower ->
        [company] a company
       *[other] a person
    }
review-card-amount = Amount requested: { $amount } · term { $term } months
review-card-purpose = Purpose: { $purpose } · repayment: { $method }
review-card-applicant = Applicant: { $name } · mobile { $phone }
review-card-work = Union branch: { $branch } · employer: { $employer }
review-card-answer = { $question }: { $answer }
# The SLA counts from when the union holds the ball: submission, or the applicant's
# latest answer to a question ($answered, "none" if they were never asked).
review-card-timing = Submitted { $submitted }{ $answered ->
        [none] {""}
       *[other] {" "}· answered { $answered }
    } · waiting { $age } working days · due by { $due }{ $overdue ->
        [yes] {" "}· ⚠️ overdue
       *[no] {""}
    }
review-card-decided = Approved terms: { $amount } · { $rate }% a year · { $term } months
review-card-history = History:
review-card-history-line = { "  " }{ $at } { $stage }{ $has_note ->
        [yes] : { $note }
       *[no] {""}
    }
review-card-no-id = ℹ️ No ID number, bank account or statement is collected here; the bank checks those at its counter.
review-card-no-action = There is nothing for you to do at this stage.
# The dialog keeps no applicant data; a resumed or redrawn card reads the application first.
review-held = 📄 The review of application { $ref } is still open. Applicant details are not kept in the conversation: press “Show application” to read them again.
review-show = 📄 Show application

review-do-recommend = 📨 Recommend to the bank
review-do-decline = Decline
review-do-ask_info = Ask for information
review-do-approve = ✅ Approve
review-do-reject = Reject
review-back = « Back to the list

## Reasons and questions (sent to the applicant as written)

review-ask-decline-reason = Why is application { $ref } not recommended?
review-ask-reject-reason = Why is application { $ref } rejected?
review-ask-question = What information or documents does application { $ref } need?
review-note-goes-to-member = The applicant receives this text as written. Do not ask them to send an ID number or bank account in the chat.
review-note-length = Please write { $min } to { $max } characters.
review-note-type-it = Please type it as text.

## Bank decision

review-ask-amount = Approved amount? The applicant asked for { $requested }. Press the button below or type an amount no higher than that (e.g. 80000 or 8万).
review-use-requested = As requested: { $value }
review-amount-over = The approved amount cannot exceed the requested { $max }.
review-ask-rate = Annual interest rate? Type it as a percentage, e.g. 3.45 (meaning 3.45%).
review-use-rate = Programme rate { $rate }%
review-rate-invalid = Please type an annual rate from 0 to { $max } percent with at most four decimals, e.g. 3.45.
review-ask-term = Term in months? The applicant asked for { $requested } months.
review-use-term = As requested: { $months } months
review-approve-summary =
    Please confirm the approval:
    Application { $ref } · { $name } · { $programme }
    Approved amount: { $amount } (requested { $requested })
    Annual rate: { $rate }%
    Term: { $term } months
    The applicant is notified at once; this cannot be undone.
review-approve-confirm = ✅ Confirm approval

## Results

review-done-recommend = ✅ Application { $ref } recommended to the bank; the applicant has been notified.
review-done-decline = Application { $ref } declined; the reason was sent to the applicant.
review-done-ask_info = The applicant has been asked for more information (application { $ref }); their answer puts it back in the review queue.
review-done-approve = ✅ Application { $ref } approved; the applicant has been notified.
review-done-reject = Application { $ref } rejected; the reason was sent to the applicant.
review-letter-caption = 📎 Recommendation letter for { $ref }: print, stamp and pass it to the bank.
review-letter-date = { $year }-{ $month }-{ $day }
review-letter =
    Letter of recommendation

    To { $bank }:

    { $name }, a member of { $branch } (employer: { $employer }; mobile: { $phone }), applies for “{ $programme }” ({ $tier }):
    Amount requested: { $amount }
    Term: { $term } months
    Purpose: { $purpose }
    Repayment: { $method }

    Having completed our preliminary review, we find the member meets the programme's conditions for recommendation and recommend the application to you for your review under your rules.
    ID documents and bank account details are submitted by the applicant at your counter; this letter contains none.

    Reference: { $ref }
    Handled by: { $reviewer ->
        [none] ____________
       *[other] { $reviewer }
    }

    { $branch } (seal)
    { $date }

## Notices to the applicant (sent in the applicant's current language)

notice-reviewing = 📋 Your loan pre-application { $ref } ({ $programme }) is now under union review. We will tell you as soon as there is a result.
notice-recommended = ✅ Your loan pre-application { $ref } ({ $programme }) has been recommended to the bank. You will hear when the bank decides; bring ID documents and bank details to the bank's counter, never send them in the chat.
notice-declined = Your loan pre-application { $ref } ({ $programme }) was not recommended by the union. Reason: { $reason }. Please contact your union branch with any questions.
notice-info_requested =
    📝 The union needs more information to continue reviewing your loan pre-application { $ref } ({ $programme }):
    { $reason }
    Press the button below to answer. Please do not send an ID number or bank account.
notice-approved = 🎉 Your loan pre-application { $ref } ({ $programme }) has been approved: { $amount } at { $rate }% a year for { $term } months. The bank will contact you to sign the contract and pay out the loan.
notice-rejected = Your loan pre-application { $ref } ({ $programme }) was rejected by the bank. Reason: { $reason }. Please contact your union branch with any questions.
notice-answer-button = ✍️ Answer the question

## Refusals (NotAllowed raised by bot/applications.py)

app-not-found = Application { $ref } was not found.
# $stage is a stage code; review-stage shows its name.
app-wrong-stage = Application { $ref } is { review-stage } now, so this cannot be done.
app-changed-meanwhile = Someone else has just handled application { $ref }; nothing was changed. Please refresh.
staff-not-allowed = Your role cannot do this; nothing was changed.
decision-amount-range = The approved amount must be above 0 and no more than the requested { $max } yuan.
decision-rate-range = The annual rate must be between 0 and 36%.
decision-term-range = The term must be between 1 and 360 months.
