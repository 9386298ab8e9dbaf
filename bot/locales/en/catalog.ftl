## Loan catalogue: eligibility reasons, rate derivations, catalogue-check problems.
## Amounts and rates arrive already formatted (100,000 / 4.785); rates are percent per year.

## Lists ("A, B or C")

catalog-list-sep = {", "}
catalog-list-or = { $head } or { $last }
catalog-list-and = { $head } and { $last }

## Titles and occupations (profile codes)

catalog-title-labour_model_national = national labour model
catalog-title-labour_model_provincial = provincial labour model
catalog-title-labour_model_city = city labour model
catalog-title-labour_model_county = county labour model
catalog-title-craftsman_nanxun = Nanxun Craftsman (南浔工匠)
catalog-title-craftsman_nantaihu = South Taihu Craftsman (南太湖工匠)
catalog-title-craftsman_zhejiang = Zhejiang Craftsman (浙江工匠)
catalog-title-craftsman_national = Great Craftsman of the Nation (大国工匠)
catalog-title-tech_pacesetter = Technical Pacesetter (技术标兵)
catalog-title-chief_technician = Chief Technician (首席技工)

catalog-occupation-delivery_rider = delivery rider
catalog-occupation-courier = courier
catalog-occupation-ride_hailing_driver = ride-hailing driver
catalog-occupation-truck_driver = truck driver
catalog-occupation-sanitation_worker = sanitation worker
catalog-occupation-factory_worker = factory worker
catalog-occupation-other = other occupation

catalog-borrower-individual = a personal loan
catalog-borrower-company = a company loan

## Why a member does or does not qualify

catalog-reason-title-needed = needs the title { $titles }
catalog-reason-title-excluded = not for holders of the title { $titles }
catalog-reason-member-needed = only for union members
catalog-reason-member-excluded = not for union members
catalog-reason-non-member-needed = only for people who are not union members
catalog-reason-non-member-excluded = only for union members
catalog-reason-occupation-needed = only for: { $occupations }
catalog-reason-occupation-excluded = not for: { $occupations }
catalog-reason-region-needed = only for workers in { $regions }
catalog-reason-region-excluded = not for workers in { $regions }
catalog-reason-home-region = only for members of the { $region } union
catalog-reason-answer-yes-needed = needs: { $question }
catalog-reason-answer-yes-excluded = not for: { $question }
catalog-reason-answer-no-needed = not for: { $question }
catalog-reason-answer-no-excluded = needs: { $question }
catalog-reason-answer-choice-needed = { $question } must be { $choices }
catalog-reason-answer-choice-excluded = { $question } must not be { $choices }
catalog-reason-answer-at-least-needed = { $question } must be at least { $min } { $unit }
catalog-reason-answer-at-least-excluded = { $question } must be under { $min } { $unit }
catalog-reason-answer-at-most-needed = { $question } must be at most { $max } { $unit }
catalog-reason-answer-at-most-excluded = { $question } must be over { $max } { $unit }
catalog-reason-answer-between-needed = { $question } must be between { $min } and { $max } { $unit }
catalog-reason-answer-between-excluded = { $question } must not be between { $min } and { $max } { $unit }
catalog-reason-answer-blocks = an application needs: { $question }
catalog-reason-one-of = needs one of: { $options }
catalog-reason-borrower = this programme is { $borrower }
catalog-reason-tier = { $tier }: up to { $max } yuan
catalog-reason-tier-range = { $tier }: credit line of { $min } to { $max } yuan
catalog-reason-tier-not-reached = { $tier } (up to { $max } yuan) { $reason }
catalog-reason-term-too-long = a term of { $months } months exceeds this tier's maximum of { $max } months

## How the rate is derived

catalog-band-any = any term
catalog-band-up-to = up to { $to } months
catalog-band-range = { $from } to { $to } months
catalog-band-over = over { $from } months
catalog-lpr-1y = 1-year LPR
catalog-lpr-5y = 5-year LPR

catalog-rate-fixed = fixed { $rate } % a year
catalog-rate-base-up = { $bank }'s same-tier rate { $base } % ({ $band }) raised by { $percent } %: { $base } % × (1 + { $percent } %) = { $rate } %
catalog-rate-base-down = { $bank }'s same-tier rate { $base } % ({ $band }) lowered by { $percent } %: { $base } % × (1 − { $percent } %) = { $rate } %
catalog-rate-benchmark = the central bank's benchmark rate for { $band }: { $rate } %
catalog-rate-benchmark-floor = as low as the central bank's benchmark rate for { $band }: { $rate } %
catalog-rate-benchmark-up = the central bank's benchmark { $base } % ({ $band }) raised by { $percent } % = { $rate } %
catalog-rate-benchmark-down = the central bank's benchmark { $base } % ({ $band }) lowered by { $percent } % = { $rate } %
catalog-rate-lpr-flat = the { $tenor } of { $lpr } % (since { $effective }): { $rate } % a year
catalog-rate-lpr-plus = the { $tenor } of { $lpr } % (since { $effective }) + { $bp } bp = { $rate } %
catalog-rate-lpr-minus = the { $tenor } of { $lpr } % (since { $effective }) − { $bp } bp = { $rate } %
catalog-rate-missing-table = the rate table "{ $table }" does not exist, so no rate can be quoted
catalog-rate-missing-tenor = the LPR fixing of { $effective } has no { $tenor }, so no rate can be quoted
catalog-rate-none-in-force = no rate was in force on { $date }
catalog-rate-missing-band = the rate table of { $effective } has no band for { $months } months

## What the member actually bears

catalog-bears-all = you bear the interest yourself, at { $rate } % a year
catalog-bears-full = full interest subsidy: you pay the bank the full instalment at the contract rate of { $rate } %, the union refunds all the interest, so you bear 0 interest
catalog-bears-points = subsidy of { $points } percentage points: you pay the bank the full instalment at { $rate } %, the union refunds interest worth { $refunded } %, so you bear { $net } %
catalog-bears-share = subsidy of { $share } % of the interest: you pay the bank the full instalment at { $rate } %, the union refunds { $share } % of the interest, so you bear { $net } %

## Catalogue check

catalog-check-ok = { $file }: no problems found ({ $programmes } programmes)
catalog-problem-yaml = YAML syntax error: { $detail }
catalog-problem-duplicate-key = duplicate key "{ $key }"
catalog-problem-empty-file = the file is empty
catalog-problem-unreadable = cannot read the file: { $detail }
catalog-problem-unknown-field = unknown field "{ $field }"
catalog-problem-missing-field = missing field "{ $field }"
catalog-problem-wrong-type = "{ $field }" has the wrong type: expected { $expected }
catalog-problem-not-allowed = "{ $field }" cannot be "{ $value }"; allowed: { $allowed }
catalog-problem-unknown-rule = unknown rule "{ $rule }"; allowed: { $allowed }
catalog-problem-rule-one-key = a rule has exactly one key, this one has { $found }
catalog-problem-bad-code = "{ $field }" is "{ $value }", not a valid code (a lowercase letter, then lowercase letters, digits or _)
catalog-problem-bad-format = "{ $field }" is "{ $value }", which is not in the expected format
catalog-problem-too-small = "{ $field }" must not be below { $limit }
catalog-problem-too-large = "{ $field }" must not be above { $limit }
catalog-problem-empty = "{ $field }" must not be empty
catalog-problem-invalid = "{ $field }" is invalid: { $detail }
catalog-problem-duplicate-id = duplicate id "{ $id }" (already used on line { $first_line })
catalog-problem-question-is-profile = the question "{ $id }" is a profile fact; the bot never asks it as a loan question
catalog-problem-choices-needed = the choice question "{ $id }" needs at least two choices
catalog-problem-choices-unused = the question "{ $id }" is of kind { $kind } and cannot have choices
catalog-problem-expect-not-yes-no = only a yes/no question can have "expect" (question "{ $id }")
catalog-problem-unknown-reference = unknown { $what ->
        [bank] bank
        [region] region
        [purpose] purpose
        [question] question
        [table] rate table
        [title] title
        [occupation] occupation
        [choice] choice
       *[other] { $what }
    } "{ $value }"; known: { $allowed }
catalog-problem-fixing-order = rate fixings must be in increasing order of their effective date ({ $effective })
catalog-problem-open-band-not-last = only the last term band may be open-ended
catalog-problem-band-order = term bands must increase: { $months } months is not above the previous band's { $previous }
catalog-problem-cap-below-floor = the cap's maximum { $max } is below its minimum { $min }
catalog-problem-default-term-too-long = the default term of { $months } months exceeds the maximum of { $max } months
catalog-problem-share-over-100 = a subsidy share of { $share } % is over 100 %
catalog-problem-no-table = the rate rule needs the "{ $table }" rates, which the file does not have
catalog-problem-missing-band = the rate table "{ $table }" (from { $effective }) has no band covering { $months } months
catalog-problem-missing-tenor = the LPR fixing of { $effective } has no { $tenor } tenor
catalog-problem-programme-never-true = the conditions of programme "{ $programme }" can never hold
catalog-problem-tier-never-true = the conditions of tier "{ $tier }" can never hold
catalog-problem-tier-shadowed = tier "{ $tier }" is unreachable: every member it fits already gets { $by }
catalog-problem-condition-type = the condition does not fit question "{ $question }", which is of kind { $kind }
catalog-problem-empty-bound = the number condition on "{ $question }" needs at_least or at_most
catalog-problem-bound-order = on "{ $question }", at_most is below at_least
catalog-problem-assumption-note = a figure marked as an assumption needs a note saying what was assumed

catalog-type-integer = a whole number
catalog-type-number = a number
catalog-type-yes-no = yes or no (true/false)
catalog-type-text = text
catalog-type-date = a date (YYYY-MM-DD)
catalog-type-list = a list
catalog-type-mapping = a mapping (key: value)
catalog-type-condition = a condition (true/false, a choice, a list of choices or at_least/at_most)
catalog-type-rule = a rule (a mapping with one key)
