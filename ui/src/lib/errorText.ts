// What the user reads when something fails: the UI's own text for every error code, in Chinese
// and English. The desktop's errors are {code, message}; `message` is the server's (or the
// desktop's) Chinese and is shown only for a code this build does not know (a newer server's).
// ERROR_TEXT is typed by the generated ErrorCode: a code without its text, or a text for a code
// that no longer exists, fails `npm run check`.
import type { ErrorCode } from "./bindings";
import { locale, type Locale } from "./i18n/index.svelte";

export type ErrorText = { zh: string; en: string };

export const ERROR_TEXT: Record<ErrorCode, ErrorText> = {
  // Requests the server could not read: a fault of this program, not of the user.
  malformed_json: { zh: "服务器无法读取本程序发送的请求，请重试；如仍出现，请联系管理员。", en: "The server could not read this program's request. Please try again; if it persists, contact your administrator." },
  invalid_request: { zh: "请求内容不符合服务器的要求，请检查填写的内容后重试。", en: "The server did not accept the request's contents. Please check what you entered and try again." },
  bad_request: { zh: "服务器无法读取本次请求，请重试。", en: "The server could not read the request. Please try again." },
  bad_path: { zh: "请求的地址有误，请重试；如仍出现，请联系管理员。", en: "The request's address is wrong. Please try again; if it persists, contact your administrator." },
  bad_query: { zh: "查询条件有误，请检查后重试。", en: "The search conditions are not valid. Please check them and try again." },
  body_too_large: { zh: "提交的内容过大，服务器未接收。", en: "What was sent is too large; the server did not accept it." },
  unsupported_media_type: { zh: "请求格式不受服务器支持，请联系管理员。", en: "The server does not support the request's format. Please contact your administrator." },
  not_multipart: { zh: "请求格式不受服务器支持，请联系管理员。", en: "The server does not support the request's format. Please contact your administrator." },
  bad_multipart: { zh: "上传的内容无法读取，请重新提交。", en: "The upload could not be read. Please send it again." },
  no_such_endpoint: { zh: "服务器没有这项功能，可能是服务器版本与本程序不一致，请联系管理员。", en: "The server does not offer this function; its version may not match this program's. Please contact your administrator." },
  method_not_allowed: { zh: "服务器不支持这项操作，可能是服务器版本与本程序不一致，请联系管理员。", en: "The server does not support this operation; its version may not match this program's. Please contact your administrator." },
  bad_outbox_lag: { zh: "本程序发送的同步信息有误，请重启程序；如仍出现，请联系管理员。", en: "This program sent faulty sync information. Please restart it; if it persists, contact your administrator." },
  rate_limited: { zh: "操作过于频繁，请稍候再试。", en: "Too many requests. Please wait a moment and try again." },
  request_timeout: { zh: "网络过慢，请求未能在时限内传完，请检查网络后重试。", en: "The request did not reach the server in time. Check the network and try again." },
  internal: { zh: "服务器内部出错，请稍后重试；如仍出现，请联系管理员。", en: "The server ran into an internal error. Please try again later; if it persists, contact your administrator." },

  // Readiness.
  store_unreachable: { zh: "服务器暂时无法访问数据库，请稍后重试。", en: "The server cannot reach its database at the moment. Please try again later." },
  face_models_unavailable: { zh: "服务器的人脸模型文件缺失或损坏，身份比对的人脸部分未运行，请联系管理员安装。", en: "The server's face model files are missing or corrupt: the identity board's faces are off. Please contact the administrator." },
  ocr_unavailable: { zh: "服务器的照片自动检查暂停：文字识别引擎无法启动，请联系管理员。", en: "The server's automatic photo checks are paused: its OCR engine cannot start. Please contact the administrator." },
  schema_not_current: { zh: "服务器正在升级，请稍后重试。", en: "The server is being upgraded. Please try again later." },

  // Sign-in and permissions.
  invalid_credentials: { zh: "用户名或密码错误。", en: "Wrong username or password." },
  too_many_attempts: { zh: "登录失败次数过多，请稍后再试。", en: "Too many failed sign-ins. Please wait a while and try again." },
  missing_token: { zh: "请先登录。", en: "Please sign in first." },
  invalid_token: { zh: "登录凭证无效，请重新登录。", en: "Your sign-in is no longer valid. Please sign in again." },
  session_revoked: { zh: "已退出登录，请重新登录。", en: "You have been signed out. Please sign in again." },
  session_expired: { zh: "登录已过期，请重新登录。", en: "Your sign-in has expired. Please sign in again." },
  missing_api_key: { zh: "缺少接口密钥。", en: "The API key is missing." },
  invalid_api_key: { zh: "接口密钥无效。", en: "The API key is not valid." },
  staff_only: { zh: "该功能仅供审核人员使用。", en: "Only review staff can use this." },
  intake_only: { zh: "该接口仅供申请受理系统调用。", en: "Only the application intake system can use this." },
  supervisors_only: { zh: "该功能仅供审核主管使用。", en: "Only supervisors can use this." },
  reviewers_only: { zh: "审核主管不领取审核任务，该功能仅供审核员使用。", en: "Supervisors do not take review work; only reviewers can use this." },
  no_province: { zh: "你的账号未设置所属省份，不能领取和审核任务，请联系管理员。", en: "Your account has no province, so it cannot take or review work. Please contact your administrator." },

  // Intake.
  invalid_identity: { zh: "申请人的身份信息不完整或格式有误。", en: "The applicant's identity details are incomplete or malformed." },
  unknown_part: { zh: "提交的内容中有无法识别的部分。", en: "The submission contains a part that is not recognised." },
  missing_part: { zh: "提交的内容不完整，缺少必需的部分。", en: "The submission is incomplete: a required part is missing." },
  duplicate_part: { zh: "提交的内容中有重复的部分。", en: "The submission contains a part twice." },
  image_too_large: { zh: "照片文件过大。", en: "A photo file is too large." },
  not_jpeg: { zh: "照片须为 JPEG 格式。", en: "Photos must be JPEG files." },
  image_unreadable: { zh: "照片无法读取，文件可能已损坏。", en: "A photo cannot be read; the file may be damaged." },
  image_dimensions_too_large: { zh: "照片尺寸过大。", en: "A photo's dimensions are too large." },
  quota_exhausted: { zh: "申请人本审核周期的人工审核次数已用完。", en: "The applicant has used all manual reviews of this period." },
  already_pending: { zh: "申请人已有一次人工审核正在进行，请等待审核结果后再提交。", en: "The applicant already has a manual review in progress. Please wait for its result before submitting again." },
  calendar_changed: { zh: "节假日安排正在更新，办结期限未能确定，请稍后重新提交。", en: "The holiday calendar was being updated, so the due date could not be set. Please submit again shortly." },

  // Records.
  not_found: { zh: "找不到该记录，可能已被删除或不在你的权限范围内。", en: "The record was not found; it may have been removed or be outside your access." },
  already_exists: { zh: "该记录已存在。", en: "This record already exists." },
  unknown_image: { zh: "没有这张照片。", en: "There is no such photo." },
  personal_data_purged: { zh: "该申请已过保存期限，个人信息和照片已删除。", en: "This application is past its retention period; its personal data and photos have been deleted." },

  // Claims, leases and decisions.
  bad_claim_size: { zh: "领取数量超出允许范围，请减少数量后重试。", en: "That many items cannot be taken at once. Please take fewer and try again." },
  bad_lease_length: { zh: "领取时长超出允许范围（不超过一个工作日），请调整后重试。", en: "That work period is not allowed (at most one working day). Please adjust it and try again." },
  lease_invalid: { zh: "该任务已不由你处理（可能已被他人重新领取），本次决定未被接受。", en: "This item is no longer yours (someone else may have taken it); the decision was not accepted." },
  lease_expired: { zh: "该任务的领取时间已过，任务已退回队列，不能再作决定。", en: "Your time on this item ran out and it went back to the queue; it can no longer be decided." },
  lease_released: { zh: "该任务已退回队列（由你退回或由审核主管收回），不能再对它作出决定。", en: "This item went back to the queue (you gave it back or a supervisor took it back), so it can no longer be decided." },
  not_leased: { zh: "该案件现在没有人领取，无需收回。", en: "Nobody holds this case now; there is nothing to take back." },
  conflict: { zh: "该申请已由其他审核人员先行作出决定。", en: "Another reviewer decided this application first." },
  not_open: { zh: "该申请已审结，不能再处理。", en: "This application is already closed and cannot be processed further." },
  own_decision: { zh: "不能复核自己作出的决定。", en: "You cannot review your own decision." },
  idempotency_mismatch: { zh: "该决定与已提交的另一项决定冲突，未被接受。", en: "This decision clashes with another one already sent; it was not accepted." },
  bad_decision_id: { zh: "决定编号无效，请重新作出决定。", en: "The decision's identifier is not valid. Please make the decision again." },
  reasons_with_approval: { zh: "“通过”的决定不能附带不通过原因，请取消所选原因。", en: "An approval cannot carry reject reasons. Please clear the selected reasons." },
  note_too_long: { zh: "备注过长，请删减后再提交。", en: "The note is too long. Please shorten it." },
  note_required: { zh: "请填写理由。", en: "Please give a reason." },
  no_reason: { zh: "请至少选择一项不通过原因。", en: "Please choose at least one reject reason." },
  unknown_reason_code: { zh: "所选的不通过原因已不在原因列表中，请重新选择。", en: "A chosen reject reason is no longer in the list. Please choose again." },
  duplicate_reason_code: { zh: "同一不通过原因被选择了两次，请重新选择。", en: "The same reject reason was chosen twice. Please choose again." },
  other_text_missing: { zh: "选择“其他原因”时，请填写具体说明。", en: "Please explain the \"other\" reason." },
  other_text_too_long: { zh: "“其他原因”的说明过长，请删减。", en: "The explanation of the \"other\" reason is too long. Please shorten it." },
  other_text_control_chars: { zh: "“其他原因”的说明不能换行或包含制表符等特殊字符。", en: "The explanation of the \"other\" reason cannot contain line breaks, tabs or other special characters." },
  other_text_without_other: { zh: "只有选择“其他原因”时才能填写说明。", en: "An explanation can only be given with the \"other\" reason." },
  overrides_with_rejection: { zh: "只有“通过”的决定才能记录被忽略的问题提示。", en: "Only an approval can record the findings it was given over." },
  unknown_finding_code: { zh: "所忽略的问题提示无法识别，请重新作出决定。", en: "A finding the approval was given over is not recognised. Please decide again." },
  duplicate_finding_code: { zh: "同一问题提示被记录了两次，请重新作出决定。", en: "The same finding was recorded twice. Please decide again." },
  recall_too_late: { zh: "该决定已超过撤回时限，已是最终决定；如需更改，请联系审核主管。", en: "The decision can no longer be recalled and is final; a supervisor can change it." },

  // Supervision.
  not_for_review: { zh: "该申请没有等待复核。", en: "This application is not waiting for a second review." },
  not_decided: { zh: "只有已作出最终决定的申请可以设为金标。", en: "Only applications with a final decision can become golden items." },
  bad_limit: { zh: "每页条数超出允许范围。", en: "That page size is not allowed." },
  bad_cursor: { zh: "翻页位置已失效，请从第一页重新查询。", en: "The page position is no longer valid. Please search again from the first page." },
  bad_date_range: { zh: "开始日期不能晚于结束日期。", en: "The start date cannot be after the end date." },
  range_too_long: { zh: "日期范围过长，请缩短到一年以内。", en: "The date range is too long. Please keep it within a year." },
  too_many_rows: { zh: "要导出的记录过多，请缩小筛选范围。", en: "Too many records to export. Please narrow the filter." },
  bad_view_name: { zh: "视图名称须为 1 到 20 个字符，不能含换行等控制字符。", en: "A view name must be 1 to 20 characters, without line breaks or other control characters." },
  too_many_views: { zh: "最多保存 9 个视图（Alt+1 到 Alt+9），请先删除一个。", en: "At most 9 views can be saved (Alt+1 to Alt+9). Please delete one first." },
  bad_case_number: { zh: "案件编号的格式应为“省份-日期-序号”，例如 11-20261206-0042。", en: "A case number reads province-date-sequence, e.g. 11-20261206-0042." },
  bad_view_filter: { zh: "视图的筛选条件有误（审核员用户名过长），请修改后再保存。", en: "The view's filters are not valid (the reviewer name is too long). Please correct them and save again." },

  // Face-similarity calibration.
  bad_similarity_bands: { zh: "阈值须为有限数，且 0 < 相似上限 ≤ 不相似下限 < 2。", en: "Thresholds must be finite numbers with 0 < similar-below ≤ dissimilar-from < 2." },
  unknown_calibration_run: { zh: "本省没有这次校准，请刷新后重新选择。", en: "Your province has no such calibration run. Please refresh and choose again." },
  calibration_too_thin: { zh: "这次校准的配对太少，不能据此设定相似度分档。", en: "This calibration run has too few pairs to set similarity bands from." },

  // Calendar import (a file checked by the server's import command).
  missing_header: { zh: "节假日文件缺少必需的表头。", en: "The holiday file is missing a required header." },
  unexpected_end: { zh: "节假日文件不完整。", en: "The holiday file ends too early." },
  unsupported_format: { zh: "节假日文件的格式或版本不受支持。", en: "The holiday file's format or version is not supported." },
  bad_header: { zh: "节假日文件的表头有误。", en: "A header line of the holiday file is wrong." },
  wrong_field_count: { zh: "节假日文件中有一行的栏目数不对。", en: "A line of the holiday file has the wrong number of fields." },
  bad_date: { zh: "节假日文件中有无效的日期。", en: "The holiday file contains an invalid date." },
  bad_kind: { zh: "节假日文件中有无法识别的日期类型。", en: "The holiday file contains an unknown kind of day." },
  holiday_on_weekend: { zh: "节假日文件把周末列为了放假日。", en: "The holiday file lists a weekend day as a holiday." },
  workday_on_weekday: { zh: "节假日文件把工作日列为了调休上班日。", en: "The holiday file lists a weekday as a make-up working day." },
  empty_name: { zh: "节假日文件中有未填写名称的节日。", en: "The holiday file has a holiday without a name." },
  not_ascending: { zh: "节假日文件中的日期没有按先后排列。", en: "The holiday file's dates are not in order." },
  duplicate_date: { zh: "节假日文件中有重复的日期。", en: "The holiday file lists a date twice." },
  outside_covered_years: { zh: "节假日文件中有超出其声明年份的日期。", en: "The holiday file has a date outside the years it covers." },
  year_without_holidays: { zh: "节假日文件中有一年没有任何节假日，数据可能缺失。", en: "The holiday file has a year without any holiday; data may be missing." },
  missing_published: { zh: "节假日文件缺少通知的发布日期。", en: "The holiday file does not give the notice's publication date." },
  older_notice: { zh: "节假日文件比现有数据更旧，未导入。", en: "The holiday file is older than the current data; it was not imported." },
  years_not_contiguous: { zh: "导入后节假日数据的年份会出现空缺，未导入。", en: "Importing the holiday file would leave a gap between years; it was not imported." },

  // The server's own storage (sent as "internal"; listed for completeness).
  migration_edited: { zh: "服务器数据库结构异常，请联系管理员。", en: "The server's database structure is in an unexpected state. Please contact your administrator." },
  corrupt_data: { zh: "服务器中的数据无法读取，请联系管理员。", en: "Data on the server cannot be read. Please contact your administrator." },
  storage_failure: { zh: "服务器存储出错，请稍后重试。", en: "The server's storage failed. Please try again later." },
  bad_database_url: { zh: "服务器的数据库地址配置有误，请联系管理员。", en: "The server's database address is misconfigured. Please contact your administrator." },

  // The connection to the server.
  offline: { zh: "无法连接服务器，已转为离线工作。", en: "The server cannot be reached; working offline." },
  certificate_untrusted: { zh: "服务器的安全证书不受信任，未建立连接，请联系管理员。", en: "The server's security certificate is not trusted, so no connection was made. Please contact your administrator." },
  bad_answer: { zh: "服务器的答复无法识别，请稍后重试。", en: "The server's answer could not be understood. Please try again later." },
  unexpected_status: { zh: "服务器返回了意外的结果，请稍后重试。", en: "The server gave an unexpected answer. Please try again later." },
  bad_server_url: { zh: "服务器地址无效，请填写以 https:// 或 http:// 开头的完整地址。", en: "The server address is not valid. Please enter a full address starting with https:// or http://." },
  insecure_server_url: { zh: "为保护申请人的个人信息，只能通过 https:// 连接服务器（本机地址除外）。请向管理员索取 https:// 开头的地址。", en: "To protect applicants' personal data, the server can only be reached over https:// (this computer excepted). Please ask your administrator for an https:// address." },
  bad_ca_file: { zh: "无法读取管理员指定的根证书文件，请联系管理员。", en: "The root certificate file set by your administrator cannot be read. Please contact your administrator." },

  // The local cache and the system keyring.
  cache_wrong_key: { zh: "本机缓存无法打开（可能属于其他账号），请重新登录。", en: "The local cache cannot be opened (it may belong to another account). Please sign in again." },
  cache_tampered: { zh: "本机缓存中的数据已损坏或被改动，请重新登录。", en: "Data in the local cache is damaged or was altered. Please sign in again." },
  cache_migration_edited: { zh: "本机缓存的结构异常，请重新登录；如仍出现，请联系管理员。", en: "The local cache's structure is in an unexpected state. Please sign in again; if it persists, contact your administrator." },
  cache_too_new: { zh: "本机缓存由更新版本的审核台创建，请升级本程序。", en: "The local cache was made by a newer version of ReviewDesk. Please update this program." },
  cache_corrupt: { zh: "本机缓存中的数据无法读取，请重新登录。", en: "Data in the local cache cannot be read. Please sign in again." },
  cache_io: { zh: "本机缓存读写失败，请检查磁盘空间后重试。", en: "Reading or writing the local cache failed. Please check the free disk space and try again." },
  cache_file: { zh: "本机缓存文件无法访问，请检查磁盘空间和文件夹权限。", en: "The local cache file cannot be accessed. Please check the free disk space and folder permissions." },
  cache_key_missing: { zh: "系统密钥环中找不到本机缓存的密钥，缓存无法读取，请重新登录。", en: "The local cache's key is missing from the system keyring, so the cache cannot be read. Please sign in again." },
  no_randomness: { zh: "系统无法生成随机数，请重启电脑后重试。", en: "The system could not provide random numbers. Please restart the computer and try again." },
  keyring_unavailable: { zh: "无法使用系统密钥环，请确认已登录操作系统桌面后重试。", en: "The system keyring is not available. Please make sure you are signed in to the desktop and try again." },
  keyring_bad_value: { zh: "系统密钥环中保存的信息已损坏，请重新登录。", en: "What the system keyring holds for ReviewDesk is damaged. Please sign in again." },

  // The desktop's own refusals.
  not_signed_in: { zh: "尚未登录。", en: "You are not signed in." },
  other_account_signed_in: { zh: "本机已登录其他账号，请先退出登录。", en: "Another account is signed in on this computer. Please sign out first." },
  missing_credentials: { zh: "请输入用户名和密码。", en: "Please enter your username and password." },
  bad_role: { zh: "本地演示只提供审核员和审核主管两种身份。", en: "The local demo offers only the reviewer and supervisor roles." },
  unknown_submission: { zh: "本机缓存中没有该审核任务（可能已过期或已同步）。", en: "This item is not in the local cache (it may have expired or been synced)." },
  bad_submission_id: { zh: "申请编号无效。", en: "The application number is not valid." },
  already_decided: { zh: "该任务已作出决定，正在等待同步。", en: "This item is already decided and waiting to be synced." },
  unsent_decisions: { zh: "还有决定尚未同步到服务器，现在退出登录会丢失它们，请联网同步后再退出。", en: "Some decisions have not reached the server yet; signing out now would lose them. Please sync while online, then sign out." },
  input_too_long: { zh: "输入的内容过长。", en: "What you entered is too long." },
  calendar_unreadable: { zh: "从服务器同步的节假日安排无法读取，办结期限可能不准确，请联系管理员。", en: "The holiday calendar synced from the server cannot be read; due dates may be inaccurate. Please contact your administrator." },
  export_file: { zh: "导出文件无法保存，请检查磁盘空间和文件夹权限。", en: "The export file could not be saved. Please check the free disk space and folder permissions." },
  no_export_dir: { zh: "找不到“下载”或“文档”文件夹，无法保存导出文件。", en: "No Downloads or Documents folder was found to save the export in." },
  account_file: { zh: "本机账号文件读写失败，请检查磁盘空间和文件夹权限。", en: "The local account file could not be read or written. Please check the free disk space and folder permissions." },
  no_app_folder: { zh: "无法确定本程序的数据文件夹。", en: "This program's data folder could not be determined." },
  local_mode_failed: { zh: "本地演示无法启动，请重启程序后重试。", en: "The local demo could not start. Please restart the program and try again." },
  ipc_failed: { zh: "程序内部通信出错，请重试；如仍出现，请重启程序。", en: "The program's internal communication failed. Please try again; if it persists, restart the program." },
};

/** Whether `code` is one this build has a text for. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_TEXT, code);
}

/** An error as the desktop returns it (`AppError`), or anything shaped like one. */
export type ErrorLike = { code: string; message: string };

/**
 * What the user reads for `error` in `lang`: the UI's own text for a known code; the message that
 * came with it only for a code this build does not know.
 */
export function errorText(error: ErrorLike, lang: Locale): string {
  if (isErrorCode(error.code)) {
    const text = ERROR_TEXT[error.code];
    return lang === "en" ? text.en : text.zh;
  }
  const message = error.message.trim();
  if (message) return message;
  return lang === "en" ? "The operation could not be completed." : "操作未能完成。";
}

/** `errorText` in the language the UI speaks now: what every screen shows for a failure. */
export function showError(error: ErrorLike): string {
  return errorText(error, locale());
}
