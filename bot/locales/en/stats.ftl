## Staff overview (/stats): members, pre-applications, loans, delivery; counts only

cmd-stats = Overview in numbers (staff)
stats-not-allowed = Your role does not include the overview. Ask an admin if you need it.
stats-refresh = 🔄 Refresh
stats-head = 📊 Overview (as of { $at })
stats-members = 👥 Members: { $total } in total, { $new } new in the last 7 days; { $notices_off } turned general notices off, { $unreachable } unreachable (blocked the bot)
stats-by-branch = { "   " }By union: { $list }
stats-by-occupation = { "   " }By occupation: { $list }
stats-list-item = { $name } { $count }
stats-list-separator = { " · " }
stats-list-empty = none yet
stats-applications = 📝 Loan pre-applications: { $week } submitted in the last 7 days, { $month } in the last 30
stats-stages =
    { "   " }Waiting for union review { $union } ({ $late } past SLA) · info requested { $info } · recommended to the bank { $bank }
    { "   " }Approved by the bank { $approved } · declined by the union { $declined } · rejected by the bank { $rejected } · withdrawn { $withdrawn }
stats-loans = 💰 Disbursed loans: { $loans }, { $amount } in total ({ $active } being repaid)
stats-overdue = { "   " }⚠️ Overdue instalments: { $count }, { $amount } (loans concerned: { $loans })
stats-overdue-none = { "   " }✅ No overdue instalments
stats-outbox = 📮 Notices: { $waiting } waiting; last 24 hours: sent { $sent } · failed { $failed } · blocked { $blocked }
stats-broadcast = { "   " }📢 Broadcast #{ $id } ({ $audience }) { $status ->
        [running] sending
        [scheduled] scheduled
        [cancelled] cancelled
       *[other] finished
    }: delivered { $delivered } / { $planned }, waiting { $pending }, failed { $failed }, unreachable { $unreachable }, notices off { $opted_out }
stats-broadcast-none = { "   " }📢 No broadcast yet
