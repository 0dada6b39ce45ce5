/** Joining cohorts, progress, quiz attempts, the dashboard and certificates. */
export const learning = {
  "join.title": { zh: "加入教学班", en: "Join a cohort" },
  "join.intro": {
    zh: "请输入任课教师提供的加入码。",
    en: "Enter the join code your teacher gave you.",
  },
  "join.code": { zh: "加入码", en: "Join code" },
  "join.codeHint": {
    zh: "8 位字母和数字，例如 ABCD-2345，不区分大小写。",
    en: "8 letters and digits, such as ABCD-2345; case does not matter.",
  },
  "join.continue": { zh: "继续", en: "Continue" },
  "join.cohortLine": {
    zh: "教学班：“{cohort}”，{university}，{term}。",
    en: 'Cohort: "{cohort}", {university}, {term}.',
  },
  "join.course": { zh: "课程：{course}", en: "Course: {course}" },
  "join.signedInAs": { zh: "当前登录账户：{email}", en: "Signed in as {email}" },
  "join.submit": { zh: "加入教学班", en: "Join the cohort" },
  "join.submitting": { zh: "正在加入…", en: "Joining…" },
  "join.signUpTitle": { zh: "注册新账户并加入", en: "Create an account and join" },
  "join.name": { zh: "姓名", en: "Full name" },
  "join.studentNumber": { zh: "学号", en: "Student number" },
  "join.password": { zh: "设置密码", en: "Choose a password" },
  "join.signUpSubmit": { zh: "注册并加入", en: "Sign up and join" },
  "join.signingUp": { zh: "正在注册…", en: "Signing up…" },
  "join.haveAccount": { zh: "已经有账户？", en: "Already have an account?" },
  "join.signIn": { zh: "登录后加入", en: "Sign in to join" },
  "join.error.unknown": {
    zh: "找不到这个加入码。请核对后重新输入，或向任课教师确认。",
    en: "No cohort has this join code. Check it, or ask your teacher.",
  },
  "join.error.rotated": {
    zh: "任课教师已更换这个加入码。请向任课教师索取新的加入码。",
    en: "Your teacher has replaced this join code. Ask them for the new one.",
  },
  "join.error.expired": {
    zh: "这个加入码已过期。请向任课教师索取新的加入码。",
    en: "This join code has expired. Ask your teacher for a new one.",
  },
  "join.error.ended": {
    zh: "这个教学班已经结课，不再接受加入。",
    en: "This cohort has ended and takes no new students.",
  },
  "join.error.full": {
    zh: "这个教学班已满员。请联系任课教师。",
    en: "This cohort is full. Please contact your teacher.",
  },
  "join.error.dropped": {
    zh: "您已被任课教师移出这个教学班。如需恢复，请联系任课教师。",
    en: "Your teacher has removed you from this cohort. Ask them if you should be restored.",
  },
  "join.error.emailTaken": {
    zh: "这个邮箱已经注册过账户。请先登录，再加入教学班。",
    en: "An account with this email already exists. Sign in, then join.",
  },
  "join.error.studentNumberTaken": {
    zh: "这个学号在本校已被注册。如果是您本人，请登录后加入；否则请联系任课教师。",
    en: "This student number is already registered at this university. If it is yours, sign in to join; otherwise contact your teacher.",
  },
  "join.throttled": {
    zh: "尝试次数过多。请在 {time} 之后再试。",
    en: "Too many attempts. Try again after {time}.",
  },
  "join.done": { zh: "您已加入“{cohort}”。", en: 'You have joined "{cohort}".' },
  "join.already": { zh: "您已在“{cohort}”中。", en: 'You are already in "{cohort}".' },
  "learning.notEnrolled": { zh: "加入教学班后才能阅读", en: "Join a cohort to read this lesson" },
  "learning.notEnrolledText": {
    zh: "这门课的课时只向已加入教学班的学生、任课教师和管理员开放。请向任课教师索取加入码。",
    en: "This course's lessons are open to students in one of its cohorts, its teachers and administrators. Ask your teacher for a join code.",
  },
  "learning.toCourse": { zh: "查看课程介绍", en: "See the course page" },
  "learning.enterCode": { zh: "输入加入码", en: "Enter a join code" },
  "quiz.error.throttled": {
    zh: "提交太频繁了。请在 {seconds} 秒后再试。",
    en: "Too many submissions. Try again in {seconds} s.",
  },
  "quiz.error.noAttemptsLeft": {
    zh: "这个测验的提交次数已经用完。",
    en: "You have used every attempt this quiz allows.",
  },
  "certificate.title": { zh: "结业证书", en: "Certificate of completion" },
  "certificate.statement": {
    zh: "兹证明 {student} 已完成课程“{course}”的全部要求。",
    en: "This certifies that {student} has completed every requirement of the course “{course}”.",
  },
  "certificate.student": { zh: "学员", en: "Student" },
  "certificate.course": { zh: "课程", en: "Course" },
  "certificate.university": { zh: "高校", en: "University" },
  "certificate.cohort": { zh: "教学班", en: "Cohort" },
  "certificate.term": { zh: "学期", en: "Term" },
  "certificate.issuedAt": { zh: "颁发日期", en: "Issued on" },
  "certificate.status": { zh: "状态", en: "Status" },
  "certificate.valid": { zh: "有效", en: "Valid" },
  "certificate.revoked": { zh: "已撤销", en: "Revoked" },
  "certificate.revokedLine": {
    zh: "此证书已于 {date} 撤销。原因：{reason}",
    en: "This certificate was revoked on {date}. Reason: {reason}",
  },
  "certificate.id": { zh: "证书编号", en: "Certificate ID" },
  "certificate.verify": {
    zh: "扫描二维码或访问本页地址即可核验此证书。",
    en: "Scan the QR code or open this page's address to verify this certificate.",
  },
  "certificate.qr": { zh: "指向本证书核验页的二维码", en: "QR code linking to this verification page" },
  "certificate.notFound": { zh: "找不到这份证书", en: "Certificate not found" },
  "certificate.notFoundText": {
    zh: "没有与这个编号对应的证书。请核对链接或编号。",
    en: "No certificate has this ID. Check the link or the ID.",
  },
} as const;
