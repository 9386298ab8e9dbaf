## 工作人员概况（/stats）：会员、预申请、贷款、通知发送，全部为汇总数字

cmd-stats = 工作概况统计（工作人员）
stats-not-allowed = 你的角色看不到工作概况。需要时请联系管理员。
stats-refresh = 🔄 刷新
stats-head = 📊 工作概况（截至 { $at }）
stats-members = 👥 会员共 { $total } 人，近 7 天新增 { $new } 人；已关闭工会通知 { $notices_off } 人，无法联系（已屏蔽机器人）{ $unreachable } 人
stats-by-branch = { "   " }按工会：{ $list }
stats-by-occupation = { "   " }按职业：{ $list }
stats-list-item = { $name } { $count }
stats-list-separator = { " · " }
stats-list-empty = 暂无
stats-applications = 📝 贷款预申请：近 7 天提交 { $week } 件，近 30 天 { $month } 件
stats-stages =
    { "   " }待工会初审 { $union }（已超期 { $late }）· 待申请人补充材料 { $info } · 已推荐至银行 { $bank }
    { "   " }银行已批准 { $approved } · 工会未予推荐 { $declined } · 银行未予批准 { $rejected } · 申请人已撤回 { $withdrawn }
stats-loans = 💰 已放款 { $loans } 笔，共 { $amount }（还款中 { $active } 笔）
stats-overdue = { "   " }⚠️ 逾期未还：{ $count } 期，共 { $amount }（涉及 { $loans } 笔贷款）
stats-overdue-none = { "   " }✅ 没有逾期未还的期次
stats-outbox = 📮 通知：待发 { $waiting } 条；近 24 小时已发送 { $sent } · 发送失败 { $failed } · 对方已屏蔽 { $blocked }
stats-broadcast = { "   " }📢 群发 #{ $id }（{ $audience }）{ $status ->
        [running] 发送中
        [scheduled] 已安排
        [cancelled] 已取消
       *[other] 已结束
    }：已送达 { $delivered } / { $planned }，待发 { $pending }，失败 { $failed }，无法联系 { $unreachable }，已关闭通知 { $opted_out }
stats-broadcast-none = { "   " }📢 还没有群发记录
