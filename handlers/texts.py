"""Every sentence the bot says, in one place for a reviewer. Polite Thai, ค่ะ/คะ throughout, short lines."""

# --- first contact, help, groups ---------------------------------------------------------------
WELCOME = (
    "สวัสดีค่ะ 🙏 ยินดีต้อนรับสู่บอทโครงการ\n“{programme}”\n"
    "ของ{province_office}\n\n"
    "บอทนี้ช่วยสำนักงานพัฒนาชุมชนอำเภอ:\n"
    "• ลงทะเบียนเจ้าหน้าที่ของอำเภอ\n"
    "• เสนอชื่อ “{title}” พร้อมผลงาน\n"
    "• รับแจ้งกำหนดส่งและประกาศผล"
)
PRIVACY = (
    "🔒 การคุ้มครองข้อมูลส่วนบุคคล (PDPA)\n"
    "ข้อมูลที่เก็บ: LINE ID ชื่อที่คุณแจ้ง อำเภอที่ลงทะเบียน "
    "ข้อมูลผู้ได้รับการเสนอชื่อ ผลงาน ลิงก์และรูปที่ส่ง\n"
    "เพื่อ: คัดเลือกตามโครงการ และแจ้งข่าวถึงคุณ\n"
    "ผู้เห็นข้อมูล: {unit} {province_office}\n"
    "หยุดรับข้อความได้โดยบล็อกบัญชีนี้\n"
    "ขอดูหรือขอลบข้อมูล: {contact}"
)
HELP = (
    "แตะปุ่มด้านล่างหรือพิมพ์คำสั่งได้เลยค่ะ\n"
    "• ลงทะเบียน – ผูกบัญชี LINE กับอำเภอ\n"
    "• เสนอชื่อ – เสนอชื่อคนต้นแบบ ไอที\n"
    "• ย้อนกลับ / ยกเลิก – ใช้ได้ระหว่างกรอก"
)
NOT_UNDERSTOOD = "ขออภัยค่ะ บอทไม่เข้าใจข้อความนี้\nเลือกจากปุ่มด้านล่างได้เลยค่ะ"
GROUP_NOTICE = (
    "สวัสดีค่ะ 🙏 บอทนี้ไม่รับข้อมูลในกลุ่มค่ะ\n"
    "กรุณาแชตกับบอทแบบส่วนตัว (1:1)\nเพื่อลงทะเบียนและเสนอชื่อค่ะ"
)
SORRY_ERROR = "ขออภัยค่ะ ระบบขัดข้องชั่วคราว\nข้อมูลที่กรอกไว้ยังอยู่ กรุณาส่งใหม่อีกครั้งค่ะ"
STALE_BUTTON = "ปุ่มนี้ใช้ไม่ได้แล้วค่ะ"
LABEL_REGISTER = "ลงทะเบียน"
LABEL_NOMINATE = "เสนอชื่อ"
LABEL_HELP = "ช่วยเหลือ"

# --- words officers type --------------------------------------------------------------------------
WORDS_CANCEL = ("ยกเลิก", "cancel")
WORDS_BACK = ("ย้อนกลับ", "กลับ", "back")
WORDS_HELP = ("ช่วยเหลือ", "help", "วิธีใช้", "เมนู")
WORDS_NOMINATE = ("เสนอชื่อ",)
WORDS_REGISTER = ("ลงทะเบียน",)
WORDS_STATUS = ("สถานะ", "สถานะของฉัน")
WORDS_DONE = ("เสร็จแล้ว", "เสร็จ", "ครบแล้ว", "done")

# --- what a step expects, when something else arrives -------------------------------------------
KIND_NAMES = {
    "sticker": "สติกเกอร์",
    "image": "รูปภาพ",
    "location": "ตำแหน่งที่ตั้ง",
    "video": "วิดีโอ",
    "audio": "ข้อความเสียง",
    "file": "ไฟล์",
    "postback": "ปุ่มนี้",
}
EXPECT_TEXT = "ขั้นตอนนี้ยังรับ{kind}ไม่ได้ค่ะ\nกรุณาพิมพ์คำตอบเป็นข้อความ"
EXPECT_CHOICE = "ขั้นตอนนี้ยังรับ{kind}ไม่ได้ค่ะ\nกรุณาเลือกจากปุ่มด้านล่าง"
EXPECT_EVIDENCE = "ขั้นตอนนี้รับลิงก์หรือรูปภาพค่ะ\nยังรับ{kind}ไม่ได้"
CHOOSE_FROM_BUTTONS = "กรุณาเลือกจากปุ่มด้านล่างค่ะ"
TOO_LONG = "ข้อความยาวเกินไปค่ะ\n(ได้ไม่เกิน {limit:,} ตัวอักษร ที่ส่งมา {length:,})\nกรุณาย่อแล้วส่งใหม่"
TOO_SHORT = "ข้อความสั้นเกินไปค่ะ กรุณาพิมพ์ให้ครบถ้วน"
NO_LINKS_HERE = "ขั้นตอนนี้ไม่ต้องใส่ลิงก์ค่ะ\nลิงก์หลักฐานจะถามในขั้นตอนผลงาน"
AT_FIRST_STEP = "นี่คือขั้นตอนแรกแล้วค่ะ"

# --- registration -------------------------------------------------------------------------------
REG_ASK_CODE = "กรุณาพิมพ์รหัสอำเภอ 6 ตัว\nที่ได้รับจาก{province_office}ค่ะ\n(เช่น AB3K9Q)"
REG_ALREADY = "คุณลงทะเบียนกับอำเภอ{district}แล้วค่ะ\nหากต้องการย้ายอำเภอ พิมพ์รหัสของอำเภอใหม่ได้เลย"
REG_WRONG_CODE = "รหัสไม่ถูกต้องค่ะ ❌\nกรุณาตรวจสอบแล้วพิมพ์ใหม่\n(ลองได้อีก {left} ครั้งในชั่วโมงนี้)"
REG_LOCKED = "ใส่รหัสผิดหลายครั้งเกินไปค่ะ\nลองใหม่ได้หลัง {time}\nหรือติดต่อจังหวัดเพื่อขอรหัสอีกครั้ง"
REG_ASK_NAME = "รหัสถูกต้องค่ะ ✅ อำเภอ{district}\nกรุณาพิมพ์ชื่อ-นามสกุลของคุณ\n(ผู้ส่งข้อมูล) ค่ะ"
REG_DONE = "ลงทะเบียนเรียบร้อยค่ะ ✅\n{name}\n{office}\nเริ่มเสนอชื่อได้เลยค่ะ"
REG_NEEDED = (
    "ต้องลงทะเบียนก่อนเสนอชื่อค่ะ\n"
    "1. ขอรหัสอำเภอจาก{province_office}\n"
    "2. พิมพ์ “ลงทะเบียน” แล้วใส่รหัส"
)
REG_CANCELLED = "ยกเลิกการลงทะเบียนแล้วค่ะ"
REG_FINISH_FIRST = "ตอนนี้กำลังลงทะเบียนอยู่ค่ะ\nพิมพ์รหัส หรือพิมพ์ “ยกเลิก” ก่อนค่ะ"

# --- nomination: opening and closing -------------------------------------------------------------
NOM_NOT_OPEN = "ยังไม่เปิดรับการเสนอชื่อค่ะ\nเปิดรับตั้งแต่ {opens}"
NOM_CLOSED = "ปิดรับการเสนอชื่อแล้วค่ะ\n(กำหนดส่งวันที่ {deadline})\nขอบคุณที่ให้ความสนใจค่ะ 🙏"
NOM_START = (
    "เริ่มเสนอชื่อ “{title}”\nของอำเภอ{district} ค่ะ\n"
    "ส่งได้ถึง {deadline}\n"
    "พิมพ์ “ย้อนกลับ” หรือ “ยกเลิก” ได้ทุกขั้นตอน\n"
    "ร่างจะถูกเก็บไว้ กลับมาทำต่อภายหลังได้ค่ะ"
)
NOM_RESUME_ASK = "คุณมีร่างการเสนอชื่อที่ยังไม่ส่งค่ะ\nต้องการทำต่อ หรือเริ่มใหม่คะ"
NOM_FINISH_FIRST = "ตอนนี้กำลังกรอกการเสนอชื่ออยู่ค่ะ\nส่งให้เสร็จ หรือพิมพ์ “ยกเลิก” ก่อนค่ะ"
LABEL_CONTINUE = "ทำต่อ"
LABEL_RESTART = "เริ่มใหม่"

# --- nomination: the questions -------------------------------------------------------------------
ASK_TITLE = "คำนำหน้าชื่อของผู้ได้รับการเสนอชื่อคะ\n(เลือกหรือพิมพ์ เช่น ว่าที่ร้อยตรี)"
TITLES = ("นาย", "นาง", "นางสาว")
ASK_NAME = "ชื่อ-นามสกุล ของผู้ได้รับการเสนอชื่อคะ"
NAME_NEEDS_LETTERS = "กรุณาพิมพ์ชื่อ-นามสกุลเป็นตัวอักษรค่ะ"
ASK_POSITION = "ตำแหน่งของผู้ได้รับการเสนอชื่อคะ\n(เช่น นักวิชาการพัฒนาชุมชนชำนาญการ)"
ASK_OFFICE = "สังกัดสำนักงานใดคะ\nแตะปุ่มด้านล่าง หรือพิมพ์ชื่อสำนักงาน"
LABEL_THIS_OFFICE = "สำนักงานอำเภอนี้"
LABEL_YES = "ใช่"
LABEL_NO = "ไม่ใช่"
ASK_SKILLS = (
    "เล่าทักษะด้านไอทีของผู้ได้รับการเสนอชื่อ\nสั้น ๆ ค่ะ ว่าใช้ไอทีช่วยงานอย่างไร\n"
    "(ไม่เกิน {limit:,} ตัวอักษร)"
)
ASK_CATEGORY = "ผลงานที่ {number}: เลือกประเภทผลงานค่ะ\n{choices}"
ASK_WORK_TITLE = "ผลงานที่ {number}: ชื่อผลงานคะ"
ASK_WORK_RESULT = "ผลงานที่ {number}: ผลงานนี้ช่วยงานอย่างไร\nเกิดผลสำเร็จอะไรบ้างคะ"
ASK_EVIDENCE = (
    "ผลงานที่ {number}: ส่งลิงก์หลักฐานค่ะ\n"
    "• ลิงก์ขึ้นต้นด้วย https:// อย่างน้อย 1 ลิงก์\n"
    "• ส่งรูปภาพประกอบได้ (ไม่บังคับ)\n"
    "ครบแล้วแตะ “เสร็จแล้ว”"
)
EVIDENCE_ADDED = "บันทึกแล้วค่ะ ✅ ลิงก์ {links} รายการ รูป {photos} รูป\nส่งเพิ่มได้ หรือแตะ “เสร็จแล้ว”"
EVIDENCE_NEED_LINK = "ต้องมีลิงก์หลักฐานอย่างน้อย 1 ลิงก์ค่ะ\nกรุณาส่งลิงก์ที่ขึ้นต้นด้วย https://"
EVIDENCE_BAD_LINK = "ลิงก์นี้ใช้ไม่ได้ค่ะ:\n{link}\nกรุณาตรวจสอบแล้วส่งใหม่ (ขึ้นต้นด้วย https://)"
EVIDENCE_NO_LINK_FOUND = "ไม่พบลิงก์ในข้อความค่ะ\nกรุณาส่งลิงก์ที่ขึ้นต้นด้วย https://\nหรือแตะ “เสร็จแล้ว” เมื่อครบ"
EVIDENCE_ADD_SCHEME = "กรุณาใส่ https:// หน้าลิงก์ค่ะ\nเช่น https://{link}"
EVIDENCE_TOO_MANY_LINKS = "ผลงานหนึ่งใส่ลิงก์ได้ไม่เกิน {limit} ลิงก์ค่ะ"
EVIDENCE_TOO_MANY_PHOTOS = "ผลงานหนึ่งส่งรูปได้ไม่เกิน {limit} รูปค่ะ\nรูปนี้จึงไม่ได้บันทึก"
EVIDENCE_PHOTO_FAILED = "รับรูปนี้ไม่สำเร็จค่ะ\nกรุณาส่งรูปอีกครั้ง"
LABEL_DONE = "เสร็จแล้ว"
ASK_MORE_WORKS = "บันทึกผลงานที่ {number} แล้วค่ะ ✅\nมีผลงานอื่นอีกไหมคะ (ได้ถึง {limit} ผลงาน)"
LABEL_ADD_WORK = "เพิ่มผลงาน"
LABEL_TO_REVIEW = "ตรวจสอบและส่ง"
WORKS_FULL = "ครบ {limit} ผลงานแล้วค่ะ ไปตรวจสอบข้อมูลกันค่ะ"

# --- review, edit, confirm ------------------------------------------------------------------------
REVIEW_ALT = "ตรวจสอบข้อมูลการเสนอชื่อก่อนส่ง"
REVIEW_HEADER = "ตรวจสอบก่อนส่ง"
REVIEW_HINT = "ตรวจสอบข้อมูลในการ์ดค่ะ\nถูกต้องแล้วแตะ “ยืนยันส่ง”"
LABEL_CONFIRM = "ยืนยันส่ง"
LABEL_EDIT = "แก้ไข"
LABEL_CANCEL = "ยกเลิก"
FIELD_NOMINEE = "ผู้ได้รับการเสนอชื่อ"
FIELD_POSITION = "ตำแหน่ง"
FIELD_OFFICE = "สังกัด"
FIELD_ELIGIBLE = "คุณสมบัติ"
FIELD_SKILLS = "ทักษะด้านไอที"
FIELD_LINKS = "ลิงก์"
FIELD_PHOTOS = "รูปภาพ {count} รูป"
ELIGIBLE_YES = "ข้าราชการสังกัดกรมการพัฒนาชุมชน ✓"
MORE_LINKS = "และอีก {count} ลิงก์"
ASK_EDIT = "ต้องการแก้ไขส่วนใดคะ"
LABEL_EDIT_TITLE = "คำนำหน้า"
LABEL_EDIT_NAME = "ชื่อ-นามสกุล"
LABEL_EDIT_POSITION = "ตำแหน่ง"
LABEL_EDIT_OFFICE = "สังกัด"
LABEL_EDIT_SKILLS = "ทักษะ"
LABEL_EDIT_WORK = "ผลงานที่ {number}"
LABEL_DELETE_WORK = "ลบผลงานที่ {number}"
LABEL_BACK_TO_REVIEW = "กลับไปตรวจสอบ"
WORK_REDO = "กรอกผลงานที่ {number} ใหม่ค่ะ"
WORK_DELETED = "ลบผลงานที่ {number} แล้วค่ะ"
ASK_REPLACE = (
    "อำเภอ{district}เสนอชื่อไว้แล้วค่ะ\n{nominee}\nเลขที่ {reference}\nส่งเมื่อ {submitted}\n\n"
    "ต้องการแทนที่ด้วยรายชื่อนี้ไหมคะ\n(รายการเดิมจะถูกเก็บเป็นประวัติ)"
)
LABEL_REPLACE = "แทนที่"
LABEL_KEEP = "ไม่แทนที่"
KEPT_OLD = "ยังไม่ส่งค่ะ รายการเดิมยังใช้อยู่\nร่างนี้ยังเก็บไว้ แก้ไขหรือยกเลิกได้ค่ะ"
RECEIPT = (
    "ส่งการเสนอชื่อเรียบร้อยแล้วค่ะ ✅\n"
    "เลขที่อ้างอิง: {reference}{revision}\n"
    "ผู้ได้รับการเสนอชื่อ: {nominee}\n"
    "อำเภอ: {district}\n"
    "ส่งเมื่อ: {submitted}\n"
    "จังหวัดจะแจ้งผลการตรวจสอบทางแชตนี้ค่ะ"
)
RECEIPT_REVISION = " (ฉบับที่ {revision})"
WRONG_DISTRICT = (
    "ร่างนี้เป็นของอำเภอ{draft_district}\n"
    "แต่ตอนนี้คุณลงทะเบียนกับอำเภอ{officer_district}ค่ะ\nจึงส่งร่างนี้ไม่ได้ กรุณาเริ่มเสนอชื่อใหม่"
)
ASK_CANCEL = "ต้องการยกเลิกร่างการเสนอชื่อนี้ไหมคะ\nข้อมูลที่กรอกไว้จะถูกลบ"
LABEL_CANCEL_YES = "ยกเลิกร่าง"
LABEL_CANCEL_NO = "ทำต่อ"
CANCELLED = "ยกเลิกการเสนอชื่อแล้วค่ะ\nเริ่มใหม่ได้ทุกเมื่อโดยพิมพ์ “เสนอชื่อ”"

# --- what provincial staff decided on the sheet (pushed to the officer who submitted) --------------------
REVIEW_PASSED = "ผลการตรวจสอบการเสนอชื่อค่ะ\nเลขที่ {reference}\n{nominee}\nผล: ผ่าน ✅{comment}"
REVIEW_FAILED = "ผลการตรวจสอบการเสนอชื่อค่ะ\nเลขที่ {reference}\n{nominee}\nผล: ไม่ผ่าน{comment}\nสอบถามได้ที่ {contact}"
REVIEW_FIX = (
    "จังหวัดขอให้แก้ไขการเสนอชื่อค่ะ ✏️\nเลขที่ {reference}\n{nominee}{comment}\n"
    "แก้ไขและส่งใหม่ได้ถึง {deadline}\nพิมพ์ “เสนอชื่อ” เพื่อแก้ไข"
)
REVIEW_NEW_COMMENT = "ความเห็นใหม่จากจังหวัดค่ะ\nเลขที่ {reference}{comment}"
REVIEW_COMMENT_LINE = "\nความเห็น: {comment}"
REOPENED = (
    "จังหวัดขอให้แก้ไขรายการนี้ค่ะ{comment}\n"
    "ข้อมูลเดิมอยู่ในการ์ดด้านล่าง\nแตะ “แก้ไข” เพื่อปรับ แล้วแตะ “ยืนยันส่ง”"
)

# --- the rich menu and what its buttons answer -------------------------------------------------------
MENU_BAR = "เมนู"
MENU_NOMINATE = "เสนอชื่อ"
MENU_WEBSITE = "ส่งเว็บไซต์"
MENU_STATUS = "สถานะของฉัน"
MENU_HELP = "ช่วยเหลือ"
STATUS_NOT_REGISTERED = "คุณยังไม่ได้ลงทะเบียนกับอำเภอใดค่ะ\nพิมพ์ “ลงทะเบียน” พร้อมรหัสอำเภอจากจังหวัด"
STATUS = (
    "สถานะของอำเภอ{district}\n"
    "• การเสนอชื่อ: {nomination}\n"
    "• เว็บไซต์ประกวด: {website}\n"
    "{days}"
)
STATUS_NOMINATION_NONE = "ยังไม่ได้ส่ง"
STATUS_NOMINATION_DRAFT = "มีร่างที่ยังไม่ส่ง"
STATUS_NOMINATION_SENT = "ส่งแล้ว {reference}{revision} ({nominee})\n  ผลการตรวจ: {review}"
STATUS_WEBSITE_NONE = "ยังไม่ได้ส่ง"
STATUS_DAYS_LEFT = "เหลืออีก {days} วัน (ส่งได้ถึง {deadline})"
STATUS_LAST_DAY = "วันนี้เป็นวันสุดท้าย (ส่งได้ถึง {deadline})"
STATUS_CLOSED = "ปิดรับการเสนอชื่อแล้ว ({deadline})"

# --- reminders (pushed; each costs one message per recipient) -----------------------------------------
REMINDER = (
    "🔔 แจ้งเตือนจาก{province_office}\n"
    "อำเภอของคุณยังไม่ได้ส่งการเสนอชื่อ\n“{title}”\n{when}\n"
    "พิมพ์ “เสนอชื่อ” หรือแตะปุ่มด้านล่างค่ะ"
)
REMINDER_DRAFT = (
    "🔔 แจ้งเตือนจาก{province_office}\n"
    "คุณมีร่างการเสนอชื่อที่ยังไม่ส่งค่ะ\n{when}\n"
    "แตะ “ทำต่อ” เพื่อกรอกต่อจากเดิม"
)
REMINDER_DAYS_LEFT = "เหลืออีก {days} วัน (ส่งได้ถึง {deadline})"
REMINDER_LAST_DAY = "วันนี้เป็นวันสุดท้าย (ส่งได้ถึง 24:00 น. ของวันที่ {deadline})"
LABEL_CONTINUE_DRAFT = "ทำต่อ"

# --- provincial admins ------------------------------------------------------------------------------------
WORDS_BOARD = ("สรุป",)
WORDS_ANNOUNCE = ("ประกาศ",)
WORDS_REMIND = ("แจ้งเตือน",)
WORDS_RESULTS = ("ประกาศผล",)
ADMIN_ONLY = "ขออภัยค่ะ คำสั่งนี้สำหรับเจ้าหน้าที่จังหวัดเท่านั้น\nหากต้องการความช่วยเหลือ พิมพ์ “ช่วยเหลือ”"
BOARD_HEADER = "สรุปสถานะ {title}\n{days}\nข้อความที่ใช้เดือนนี้: {usage}"
BOARD_LINE = "{number}. {district}: จนท. {officers} คน · {nomination}{website}"
BOARD_WEBSITE = " · เว็บ ✓"
BOARD_NOMINATION_NONE = "ยังไม่ส่ง"
BOARD_NOMINATION_DRAFT = "มีร่าง"
BOARD_NOMINATION_SENT = "ส่งแล้ว ({review})"
BOARD_FOOTER = "ส่งแล้ว {sent}/{total} อำเภอ · ส่งเว็บไซต์ประกวด {websites}/{total} อำเภอ"
BOARD_USAGE = "{used:,} จาก {limit:,}"
BOARD_USAGE_UNLIMITED = "{used:,} (ไม่จำกัด)"
BOARD_USAGE_UNKNOWN = "ไม่ทราบ (อ่านโควตาจาก LINE ไม่ได้)"
BOARD_LAST_SENDS = "การส่งล่าสุด:"
BOARD_SEND_LINE = "• {summary}: {status}"
BROADCAST_STATUS = {"pending": "รอส่ง", "sending": "กำลังส่ง", "sent": "ส่งแล้ว", "refused": "ไม่ได้ส่ง",
                    "failed": "ส่งไม่สำเร็จ", "skipped": "ข้าม"}
NOTICE_ASK_TEXT = "พิมพ์ข้อความประกาศได้เลยค่ะ\n(ไม่เกิน {limit:,} ตัวอักษร · พิมพ์ “ยกเลิก” เพื่อออก)"
NOTICE_ASK_TARGETS = "ส่งถึงใครคะ\nแตะ “ทุกอำเภอ” หรือพิมพ์ลำดับอำเภอ เช่น 1,3,5\n{districts}"
LABEL_ALL_DISTRICTS = "ทุกอำเภอ"
NOTICE_BAD_TARGETS = "ไม่พบลำดับอำเภอ: {bad}\nพิมพ์ลำดับจากรายการ เช่น 1,3,5"
NOTICE_PREVIEW_INTRO = "ตัวอย่างที่ผู้รับจะเห็นค่ะ 👇"
NOTICE = "📢 ประกาศจาก{province_office}\n\n{text}"
COST = "ส่งถึง {recipients} คน ({targets})\nใช้ {recipients} ข้อความ · เหลือเดือนนี้ {left}"
COST_LEFT_UNLIMITED = "ไม่จำกัด"
COST_LEFT_UNKNOWN = "ไม่ทราบ"
LABEL_SEND = "ส่ง"
NOTICE_SENT = "กำลังส่งถึง {recipients} คนค่ะ ✅\nดูผลได้ด้วยคำสั่ง “สรุป”"
NOTICE_NOBODY = "ไม่มีผู้รับค่ะ (ยังไม่มีเจ้าหน้าที่ที่ลงทะเบียนในอำเภอที่เลือก)"
OVER_QUOTA = "ยังไม่ส่งค่ะ โควตาไม่พอ\nต้องใช้ {needed} ข้อความ เหลือเดือนนี้ {left}\nรอเดือนหน้า หรือเพิ่มแพ็กเกจของบัญชี LINE"
NOTICE_CANCELLED = "ยกเลิกประกาศแล้วค่ะ"
REMIND_PREVIEW = "แจ้งเตือนอำเภอที่ยังไม่ส่ง {districts} อำเภอ\n(ยังไม่เริ่ม {fresh} คน · มีร่าง {drafting} คน)"
REMIND_NOBODY = "ทุกอำเภอที่มีเจ้าหน้าที่ลงทะเบียนส่งการเสนอชื่อแล้วค่ะ ไม่ต้องแจ้งเตือน"
REMIND_CLOSED = "ปิดรับการเสนอชื่อแล้วค่ะ ไม่ต้องแจ้งเตือน"
TARGETS_ALL = "ทุกอำเภอ"
TARGETS_SOME = "อำเภอ{names}"
RESULTS_ALT = "ประกาศผล {title}"
RESULTS_HEADER = "ประกาศผล"
RESULTS_ROLE_MODELS = "{title}\n{year}"
RESULTS_MORE = "และอีก {count:,} อำเภอ ตามประกาศของจังหวัด"
RESULTS_CONTEST_PENDING = "ผลการประกวดเว็บไซต์จะประกาศเมื่อคณะกรรมการให้คะแนนครบค่ะ"
RESULTS_CERTIFICATE = "จังหวัดจะมอบประกาศเกียรติบัตรให้ทุกท่าน ขอแสดงความยินดีค่ะ 🎉"
RESULTS_NONE = "ยังไม่มีรายการที่ “ผ่าน” ในชีตค่ะ\nตรวจสอบสถานะในชีตก่อน แล้วสั่ง “ประกาศผล” อีกครั้ง"
RESULTS_NOT_ALL = "หมายเหตุ: {missing} อำเภอยังไม่มีรายการที่ผ่าน ({names})"
CONGRATULATION = (
    "ขอแสดงความยินดีค่ะ 🎉\n{nominee}\nได้รับการคัดเลือกเป็น “{title}”\nของอำเภอ{district}\n"
    "ขอบคุณที่ร่วมส่งผลงานค่ะ"
)

# --- district LINE groups as announcement targets ------------------------------------------------------
WORDS_LINK_GROUP = ("ผูกกลุ่ม",)
WORDS_GROUPS = ("กลุ่ม",)
GROUP_LINKED = "บันทึกกลุ่มนี้เป็นกลุ่มของอำเภอ{district}แล้วค่ะ\nเมื่อจังหวัดเปิดใช้ กลุ่มนี้จะได้รับประกาศจากจังหวัด"
GROUP_LINK_NEEDS_REGISTRATION = "ผูกกลุ่มได้เฉพาะเจ้าหน้าที่ที่ลงทะเบียนแล้วค่ะ\nกรุณาลงทะเบียนกับบอทแบบส่วนตัว (1:1) ก่อน"
GROUPS_NONE = "ยังไม่มีกลุ่มของอำเภอค่ะ\nให้เจ้าหน้าที่อำเภอเพิ่มบอทเข้ากลุ่ม แล้วพิมพ์ “ผูกกลุ่ม” ในกลุ่ม"
GROUPS_HEADER = "กลุ่ม LINE ของอำเภอ (รับประกาศเมื่อเปิดใช้)\nการส่งเข้ากลุ่มนับ 1 ข้อความต่อสมาชิก 1 คน"
GROUPS_LINE = "• อำเภอ{district}: {state}"
GROUP_ON = "เปิดใช้"
GROUP_OFF = "ปิดอยู่"
LABEL_GROUP_ENABLE = "เปิด {district}"
LABEL_GROUP_DISABLE = "ปิด {district}"
GROUP_SWITCHED = "กลุ่มอำเภอ{district}: {state}แล้วค่ะ"
ADMIN_FINISH_FIRST = "ตอนนี้กำลังเตรียมการส่งอยู่ค่ะ\nแตะ “ส่ง” หรือพิมพ์ “ยกเลิก” ก่อนค่ะ"
WEB_FINISH_FIRST = "ตอนนี้กำลังส่งเว็บไซต์อยู่ค่ะ\nส่งให้เสร็จ หรือพิมพ์ “ยกเลิก” ก่อนค่ะ"
FINISH_FIRST = {"nomination": NOM_FINISH_FIRST, "registration": REG_FINISH_FIRST, "admin": ADMIN_FINISH_FIRST,
                "website": WEB_FINISH_FIRST}
COST_GROUPS = "\nและ {groups} กลุ่ม ({members} สมาชิก)"

# --- the website contest: entries ----------------------------------------------------------------------
# Not a bare "เว็บไซต์": that is also a category and an edit-menu label an officer may type as an answer.
WORDS_WEBSITE = ("ส่งเว็บไซต์",)
WEB_START = "ส่งเว็บไซต์เข้าประกวด\n“{contest}”\nของอำเภอ{district} ค่ะ\nส่งหรือแก้ไขได้ถึง {close}"
WEB_EDIT_INTRO = "อำเภอ{district}ส่งเว็บไซต์ไว้แล้วค่ะ\nแก้ไขได้ถึง {close}\nแตะ “แก้ไข” เพื่อปรับ"
WEB_CLOSED = "ปิดรับเว็บไซต์เข้าประกวดแล้วค่ะ\n(ส่งได้ถึง {close})"
WEB_NEEDS_REGISTRATION = "ต้องลงทะเบียนก่อนส่งเว็บไซต์ค่ะ\nขอรหัสอำเภอจาก{province_office}\nแล้วพิมพ์ “ลงทะเบียน”"
WEB_ASK_URL = "ลิงก์เว็บไซต์ของสำนักงานคะ\n(ขึ้นต้นด้วย https:// เช่น https://district.cdd.go.th)"
WEB_IS_FACEBOOK = "ลิงก์นี้เป็น Facebook ค่ะ\nกรุณาส่งลิงก์เว็บไซต์ของสำนักงาน\n(ใส่ Facebook ในขั้นถัดไป)"
WEB_ASK_FACEBOOK = "ลิงก์เพจ Facebook ของสำนักงานคะ\n(ถ้าไม่มี แตะ “ไม่มี”)"
WEB_NOT_FACEBOOK = "ลิงก์นี้ไม่ใช่ Facebook ค่ะ\nกรุณาส่งลิงก์ facebook.com หรือแตะ “ไม่มี”"
LABEL_NONE = "ไม่มี"
WEB_ASK_ADMIN = "ชื่อ-นามสกุล ผู้ดูแลเว็บไซต์คะ"
WEB_ASK_CONTACT = "เบอร์โทรศัพท์หรืออีเมลของผู้ดูแลเว็บไซต์คะ"
WEB_BAD_CONTACT = "กรุณาพิมพ์เบอร์โทรศัพท์ (9-10 หลัก)\nหรืออีเมล เช่น name@example.com ค่ะ"
WEB_REVIEW = (
    "ตรวจสอบก่อนส่งค่ะ\nเว็บไซต์: {url}\nFacebook: {facebook}\nผู้ดูแล: {admin}\nติดต่อ: {contact}\n\n"
    "ถูกต้องแล้วแตะ “ยืนยันส่ง”"
)
WEB_ASK_EDIT = "ต้องการแก้ไขส่วนใดคะ"
LABEL_WEB_URL = "เว็บไซต์"
LABEL_WEB_FACEBOOK = "Facebook"
LABEL_WEB_ADMIN = "ผู้ดูแล"
LABEL_WEB_CONTACT = "ช่องทางติดต่อ"
WEB_RECEIPT = (
    "รับเว็บไซต์เข้าประกวดแล้วค่ะ ✅\nเลขที่อ้างอิง: {reference}{revision}\nอำเภอ: {district}\n"
    "เว็บไซต์: {url}\nส่งเมื่อ: {submitted}\nแก้ไขได้ถึง {close}"
)
WEB_CANCELLED = "ยกเลิกแล้วค่ะ ข้อมูลเว็บไซต์เดิม (ถ้ามี) ยังอยู่"
STATUS_WEBSITE_SENT = "ส่งแล้ว {reference} ({url})"

# --- the website contest: judging and awards -----------------------------------------------------------
WORDS_CLOSE_JUDGING = ("ปิดการตัดสิน",)
BOARD_JUDGING = "การตัดสินเว็บไซต์: ให้คะแนนครบ {complete}/{total} อำเภอ · {state}"
BOARD_JUDGING_UNKNOWN = "การตัดสินเว็บไซต์: อ่านแผ่นงานคะแนนไม่ได้"
JUDGING_OPEN = "ยังไม่ปิดการตัดสิน"
JUDGING_CLOSED = "ปิดการตัดสินแล้ว"
BOARD_SCORE_PROBLEMS = "⚠️ ช่องคะแนนที่ใช้ไม่ได้ (ไม่นับ): {rows}"
JUDGING_CLOSED_NOW = "ปิดการตัดสินแล้วค่ะ\nอำเภอที่มีกรรมการให้คะแนนครบอย่างน้อย 1 คนจะถูกจัดอันดับ\nพิมพ์ “ประกาศผล” เพื่อประกาศ"
RESULTS_CONTEST_HEADER = "ประกวดเว็บไซต์"
RESULTS_AWARD_LINE = "{award}: อำเภอ{district} ({score} คะแนน)"
