/**
 * Every code the API answers an error with, declared once: the HTTP status it comes with and what it says to a user in
 * Chinese. The API types its errors by this table (an undeclared code does not compile), the dashboard shows `zh` for
 * the code it receives, and a unit test holds every entry to a Chinese message. A code is stable once released:
 * clients branch on it, so a refusal keeps its code when its wording changes.
 *
 * The first block are the generic codes the API answered with before refusals had codes of their own; they are what
 * `error.kind` carries for every error (see kindOf), and a refusal not yet given a code of its own still uses one.
 */
export const ERROR_CODES = {
  // generic kinds (error.kind)
  invalid_request: { status: 400, zh: '提交的内容有误，请按提示修改' },
  unauthorized: { status: 401, zh: '登录已失效，请重新登录' },
  forbidden: { status: 403, zh: '当前角色无权执行此操作' },
  not_found: { status: 404, zh: '未找到，或不在您的权限范围内' },
  conflict: { status: 409, zh: '当前状态不允许此操作，请刷新后查看' },
  payload_too_large: { status: 413, zh: '文件或内容超过大小上限' },
  unsupported_media_type: { status: 415, zh: '不支持的文件类型或格式' },
  rule_violation: { status: 422, zh: '不符合专项整治的规则' },
  rate_limited: { status: 429, zh: '请求过于频繁，请稍后再试' },
  internal: { status: 500, zh: '系统内部错误，请稍后再试或联系管理员' },
  unavailable: { status: 503, zh: '系统暂时无法访问，请稍后再试' },

  // requests
  csv_too_many_rows: { status: 422, zh: '导出的行数超过上限，请缩小筛选范围后再导出' },
  invalid_cursor: { status: 400, zh: '分页参数无效，请从第一页重新加载' },
  idempotency_key_invalid: { status: 400, zh: '请求编号格式有误，请刷新页面后重新提交' },
  idempotency_key_reused: { status: 422, zh: '该请求编号已用于另一项提交，请刷新页面后重新提交' },
  creation_key_reused: { status: 409, zh: '该请求编号已用于另一项创建，请刷新页面后重新提交' },
  idempotency_in_progress: { status: 409, zh: '相同的提交正在处理中，请稍候' },
  invalid_utf8: { status: 400, zh: '提交的文字含有无效字符（编码有误），请重新输入后提交' },

  // people, sessions and keys
  sign_in_failed: { status: 401, zh: '用户名或密码不正确' },
  account_disabled: { status: 403, zh: '该账号已停用，请联系管理员' },
  too_many_attempts: { status: 429, zh: '尝试次数过多，请稍后再试' },
  password_change_required: { status: 403, zh: '请先修改初始密码' },
  wrong_password: { status: 422, zh: '当前密码不正确' },
  weak_password: { status: 400, zh: '新密码太容易被猜到，请换一个更长、更少见的密码' },
  csrf_token_invalid: { status: 403, zh: '页面已过期，请刷新页面后重试' },
  session_only: { status: 422, zh: '此操作只适用于用账号登录的人员，不适用于密钥' },
  username_taken: { status: 409, zh: '该用户名已被使用' },
  account_already_disabled: { status: 409, zh: '该账号已停用' },
  account_not_disabled: { status: 409, zh: '该账号未停用，无需启用' },
  cannot_disable_self: { status: 422, zh: '不能停用自己的账号' },
  grant_outside_bureau: { status: 403, zh: '司法局只能为本辖区创建司法局、执法机关或纪委监委的账号和密钥' },
  key_already_revoked: { status: 409, zh: '该密钥已被吊销' },
  password_sign_in_off: { status: 403, zh: '本系统已关闭密码登录，请使用统一身份认证登录' },
  oidc_not_configured: { status: 409, zh: '本系统未配置统一身份认证登录' },
  oidc_unavailable: { status: 503, zh: '统一身份认证服务暂时无法访问，请稍后再试' },
  oidc_subject_taken: { status: 409, zh: '该统一身份认证账号已关联本系统的另一用户' },
  // a sign-in through the identity provider that did not end in a session (the callback's redirect names the code)
  oidc_sign_in_expired: { status: 403, zh: '统一身份认证登录已超时，请重新登录' },
  oidc_sign_in_failed: { status: 403, zh: '统一身份认证登录未完成，请重新登录' },
  oidc_unknown_subject: { status: 403, zh: '该统一身份认证账号未关联本系统用户，请联系管理员关联后再登录' },

  // scope and the registry
  outside_scope: { status: 403, zh: '这些机构或辖区不属于本单位辖区' },
  own_agency_only: { status: 403, zh: '只有该执法机关本身可以执行此操作' },
  unknown_jurisdiction: { status: 422, zh: '该辖区不在名录中' },
  jurisdiction_cycle: { status: 422, zh: '不能把辖区移到它自己或它的下级辖区之下' },
  credit_code_taken: { status: 409, zh: '该统一社会信用代码已属于名录中的另一机构' },
  invalid_file: { status: 400, zh: '文件无法读取或格式有误' },

  // files
  multipart_required: { status: 415, zh: '请以文件上传的方式提交' },
  multipart_malformed: { status: 400, zh: '上传内容无法解析，请重新选择文件' },
  file_missing: { status: 400, zh: '请求中没有文件' },
  one_file_only: { status: 400, zh: '一次只能上传一个文件' },
  file_empty: { status: 400, zh: '文件为空' },
  uploads_full: { status: 503, zh: '待提交的上传文件已达存储上限，请稍后再试' },
  file_not_usable: { status: 422, zh: '该文件不存在，或不能用于此处' },
  file_kind_not_allowed: { status: 422, zh: '文件类型不符合要求' },

  // campaigns, their calendar and deliverables
  campaign_outside_bureau: { status: 403, zh: '司法局只能为本辖区发起专项整治' },
  campaign_closed_on_arrival: { status: 422, zh: '该专项整治的日期均已过去，请改为今年或明年的日期' },
  deadlines_in_past: { status: 422, zh: '有报送期限已经过去，请调整日历' },
  calendar_year_unknown: { status: 422, zh: '系统尚无该年的节假日安排，无法按工作日计算期限' },
  campaign_closed: { status: 409, zh: '该专项整治已结束' },
  campaign_starting: { status: 409, zh: '该专项整治正在启动各执法机关，请稍后再加入' },
  agency_outside_campaign: { status: 422, zh: '该执法机关不在本专项整治的辖区范围内' },
  campaign_closed_for_items: { status: 422, zh: '该专项整治已结束，不能再登记问题' },
  phase_not_open: { status: 409, zh: '该阶段尚未开始' },
  unknown_deliverable: { status: 400, zh: '没有这项报送材料' },
  deliverable_already_submitted: { status: 409, zh: '该材料已报送，不能重复报送或调整期限' },
  deliverable_not_submitted: { status: 409, zh: '该材料尚未报送，无法审核或退回' },
  deliverable_already_accepted: { status: 409, zh: '该材料已审核通过' },
  deadline_in_past: { status: 422, zh: '新的期限必须晚于现在' },
  deadline_after_close: { status: 422, zh: '新的期限必须早于专项整治结束' },
  deadline_unchanged: { status: 409, zh: '期限没有变化' },
  statistics_differ_from_ledger: { status: 422, zh: '统计数与问题台账不一致：请按台账填报，或写明差异原因' },

  // the self-inspection checklist
  unknown_checklist_item: { status: 400, zh: '自查清单中没有这一项' },
  checklist_locked: { status: 409, zh: '自查情况已报送，自查清单的回答不能再改' },
  answer_unchanged: { status: 409, zh: '该项已作相同回答' },
  checklist_incomplete: { status: 422, zh: '自查清单尚未全部作答' },
  problem_without_item: { status: 422, zh: '每个“发现问题”的清单项都须登记对应的问题' },

  // ledger items
  item_due_in_past: { status: 422, zh: '整改期限须晚于当前时间' },
  item_due_too_far: { status: 422, zh: '整改期限过远：不能晚于专项整治结束后三年' },
  item_source_by_process: { status: 422, zh: '来自举报或抽查的问题由相应流程登记，不能手工新增' },
  item_action_forbidden: { status: 403, zh: '当前角色不能对该问题执行此操作' },
  item_status_forbids: { status: 409, zh: '问题当前的状态不允许此操作' },
  item_closed: { status: 409, zh: '该问题已关闭' },
  lead_not_extendable: { status: 422, zh: '问题线索应移送纪委监委，不能延期' },
  extension_too_late: { status: 409, zh: '延期须在整改期限届满前申请' },
  extension_pending: { status: 409, zh: '已有延期申请等待审批' },
  extension_not_later: { status: 422, zh: '申请的期限须晚于现有整改期限' },
  no_pending_extension: { status: 409, zh: '没有待审批的延期申请' },
  item_already_listed: { status: 409, zh: '该问题已挂牌督办' },
  not_listed: { status: 409, zh: '该事项未挂牌督办，无需摘牌' },
  item_already_referred: { status: 409, zh: '该问题已移送' },
  agency_refers_leads_only: { status: 403, zh: '执法机关只移送问题线索' },
  referral_already_acknowledged: { status: 409, zh: '该移送已确认接收' },
  document_receipt_not_asked: { status: 409, zh: '该文件无需本单位签收' },

  // complaints
  tracking_code_invalid: { status: 400, zh: '这不是有效的查询码，请核对后重新输入' },
  tracking_code_mistyped: { status: 400, zh: '查询码有输入错误（校验位不符），请核对后重新输入' },
  staff_channel_bureau_only: { status: 403, zh: '电话、信件等渠道的举报由司法局工作人员登记' },
  no_campaign_receiving: { status: 422, zh: '目前没有正在进行、可受理举报的专项整治' },
  agency_not_in_campaign: { status: 422, zh: '该机关不在本举报所属的专项整治中，或不在本单位辖区内' },
  complaint_bureau_only: { status: 403, zh: '只有负责调查的司法局可以处理举报' },
  complaint_concluded: { status: 409, zh: '该举报已办结' },
  investigator_unchanged: { status: 409, zh: '该举报已指派给此调查人' },
  agency_already_attached: { status: 409, zh: '该举报已关联此机关' },
  complaint_needs_agency: { status: 422, zh: '查实的举报须指明被举报机关，请先关联机关再办结' },

  // spot-checks
  spot_check_not_open: { status: 409, zh: '抽查检查阶段尚未开始' },
  agency_not_sampled: { status: 422, zh: '该机关不在本次抽查的样本中' },
  spot_check_already_recorded: { status: 409, zh: '本次抽查已记录对该机关的检查，不能重复记录' },

  // notifications
  delivery_not_failed: { status: 409, zh: '只有发送失败的通知可以重发' },
  retry_already_started: { status: 409, zh: '该通知的重试已经开始，不能重复重试' },

  // assessment (评议考核) and public disclosure (公示)
  assessment_final: { status: 409, zh: '考核结果已定稿，不能再调整分数' },
  assessment_not_drafted: { status: 409, zh: '考核尚未发布初步结果，暂不能提出异议' },
  assessment_already_drafted: { status: 409, zh: '考核初步结果已经发布' },
  objection_window_closed: { status: 409, zh: '异议期已过，不能再提出异议' },
  objection_window_open: { status: 409, zh: '异议期尚未结束，暂不能定稿' },
  objections_undecided: { status: 409, zh: '尚有异议未作出决定，暂不能定稿' },
  objection_decided: { status: 409, zh: '该异议已作出决定' },
  bonus_needs_evidence: { status: 422, zh: '加分须附表彰文件等证明材料' },
  adjustment_points_invalid: { status: 422, zh: '分值不符合考核细则' },
  outbound_address_forbidden: { status: 422, zh: '该地址指向内部网络或本机，不能作为推送地址' },
} as const satisfies Record<string, { status: number; zh: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The generic code of a status, carried as `error.kind` beside the specific code (what clients matched on before). */
export function kindOf(status: number): ErrorCode {
  const kinds: Record<number, ErrorCode> = {
    400: 'invalid_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    422: 'rule_violation',
    429: 'rate_limited',
    503: 'unavailable',
  };
  return kinds[status] ?? (status >= 500 ? 'internal' : 'invalid_request');
}

export const isErrorCode = (code: unknown): code is ErrorCode =>
  typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
