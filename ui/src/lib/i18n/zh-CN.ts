// Chinese is the product's first language: every key is defined here first, and en.ts must match.
export const zhCN = {
  "app.title": "审核台",
  "app.subtitle": "教师资格人工实名审核工作台",
  "lang.switch": "English",
  "lang.switchHint": "切换到英文界面",
  "idcheck.title": "证件号码校验",
  "idcheck.intro": "输入证件类型和号码，查看号码所含信息及校验结果。",
  "idcheck.type": "证件类型",
  "idcheck.number": "证件号码",
  "idcheck.submit": "校验",
  "idcheck.valid": "号码有效",
  "idcheck.invalid": "号码无效",
  "idcheck.normalized": "规范号码",
  "idcheck.sex": "性别",
  "idcheck.birth": "出生日期",
  "idcheck.region": "地区",
  "idcheck.nationality": "国籍",
  "idcheck.errors": "错误",
  "idcheck.warnings": "提示",
  "idcheck.none": "—",
  "sex.male": "男",
  "sex.female": "女",
  "keys.title": "快捷键",
  "keys.focus": "聚焦号码输入框",
  "keys.lang": "切换语言",
  "keys.submit": "校验",
  "about.version": "版本",
  "about.calendar": "工作日数据",
  "error.unknown": "发生未知错误",
} as const;

export type MessageKey = keyof typeof zhCN;
export type Messages = Record<MessageKey, string>;
