from tests.harness import Officer, texts


def test_register_and_nominate_end_to_end(bot, codes, services):
    somchai = Officer(bot)
    reply = somchai.follows()
    assert "PDPA" in texts(reply)
    reply = somchai.says("ลงทะเบียน")
    assert "รหัสอำเภอ" in texts(reply)
    reply = somchai.says(codes["nong-yai"].lower())
    assert "หนองใหญ่" in texts(reply)
    reply = somchai.says("สมชาย ใจดี")
    assert "ลงทะเบียนเรียบร้อย" in texts(reply)
    reply = somchai.says("เสนอชื่อ")
    assert "คำนำหน้า" in texts(reply)
    reply = somchai.taps_label("นางสาว", reply)
    assert "ชื่อ-นามสกุล" in texts(reply)
    somchai.says("มาลี ศรีสุข")
    somchai.says("นักวิชาการพัฒนาชุมชนชำนาญการ")
    reply = somchai.says("สำนักงานพัฒนาชุมชนอำเภอหนองใหญ่")
    reply = somchai.taps_label("ใช่", reply)
    reply = somchai.says("ทำอินโฟกราฟิกและดูแลเพจ Facebook ของอำเภอ")
    reply = somchai.taps_label("สื่อประชาสัมพันธ์", reply)
    somchai.says("อินโฟกราฟิกโคก หนอง นา")
    somchai.says("มีผู้เข้าชมกว่า 5,000 ครั้ง")
    reply = somchai.says("https://www.facebook.com/cdd.nongyai/posts/1")
    assert "ลิงก์ 1 รายการ" in texts(reply)
    reply = somchai.sends_photo(b"\xff\xd8\xff fake jpeg")
    assert "รูป 1 รูป" in texts(reply)
    reply = somchai.taps_label("เสร็จแล้ว", reply)
    reply = somchai.taps_label("ตรวจสอบและส่ง", reply)
    assert reply[0]["type"] == "flex"
    reply = somchai.taps_label("ยืนยันส่ง", reply)
    assert "CBI-2570-IT-03" in texts(reply), texts(reply)
    bot.wait_idle()
    import time
    for _ in range(100):
        if services.sheet.reviews():
            break
        time.sleep(0.05)
    assert "CBI-2570-IT-03" in services.sheet.reviews()
