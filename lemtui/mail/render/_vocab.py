"""The words of history's starts, language by language: data, no logic.

Attribution intros and verbs ("On … wrote:", "Le … a écrit :"), forward and original-message
separators, header labels ("From:", "Von:", "Od:"), and the start words `candidate_lines`
looks for. `_attribution` compiles them once; add a language here, not there.
"""

from __future__ import annotations

__all__ = [
    "ATTRIBUTION_FILLERS",
    "CANDIDATE_STARTS",
    "FORWARD_WORDS",
    "GLUED_VERB",
    "HEADER_LABELS",
    "INLINE_DATE_LABELS",
    "INLINE_SUBJECT_LABELS",
    "INTRO",
    "NOTES_SUBJECT",
    "NOTES_TO",
    "ORIGINAL_WORDS",
    "VERB",
]

INTRO = (
    r"On|Le|Am|El|Il|In\s+data|Em|No\s+dia|Op|W\s+dniu|Dnia|Den|D\.|Pe|Dne|On\s+\w+,|"
    r"---+\s*On|Le\s+\w+\.?|في|在|Στις"
    r"|Dana|Dňa|Vào|Pada|Noong|Tarehe|La|در|เมื่อ|Il\s+giorno|Op\s+\w+"
)
VERB = (
    r"wrote|writes|a\s+écrit|schrieb|escribió|ha\s+scritto|scrisse|escreveu|schreef"
    r"|geschreven|geschrieben|pisze|napisał(?:\(a\)|a)?|skrev|kirjoitti|írta|napsal(?:\(a\)|a)?"
    r"|пишет|написал(?:\(а\)|а|и)?|писал(?:\(а\)|а)?|كتب|כתב"
    r"|пише|написав(?:\(ла\)|ла)?|napisal(?:\(a\)|a)?|написа|escrigué|va\s+escriure"
    r"|napísal(?:\(a\)|a)?|napisao|napisala|a\s+scris|yazdı|έγραψε"
    r"|写道|寫道|のメール|님이\s*작성|작성"
    r"|rakstīja|(?:pa)?rašė|kirjutas|kirjutab|napisao\s+je|je\s+napisao|napisala\s+je"
    r"|написао(?:\s+је)?|написала(?:\s+је)?|je\s+napisal(?:a)?|ezt\s+írta|писа"
    r"|đã\s+viết|menulis|telah\s+menulis|เขียนว่า|เขียน|sumulat|isinulat\s+ni"
    r"|ने\s+लिखा|লিখেছেন|எழுதினார்|எழுதியது|نے\s+لکھا|نوشت|aliandika"
    r"|skrifaði|shkroi|напиша|idatzi\s+zuen|escribiu|लिहिले|लेख्नुभयो|લખ્યું|ਨੇ\s+ਲਿਖਿਆ"
    r"|రాశారు|ಬರೆದಿದ್ದಾರೆ|എഴുതി"
)
# Lower-case words a client's attribution holds around its date and name ("plkst." in Latvian,
# "lietotājs" (user), "időpont" (time), "vào lúc", "pukul", "saa", "klo"): no sentence's words.
ATTRIBUTION_FILLERS = frozenset(
    {"plkst", "lietotājs", "időpont", "ezt", "vào", "lúc", "pukul", "tanggal", "jam", "saa"}
    | {"klo", "kello", "kl", "u", "o", "la", "les", "dne", "dňa", "dana", "στις", "ve", "в"}
    | {"на", "у", "lietotāja", "vartotojas", "kasutaja", "người", "dùng", "noong", "ng"}
    | {"को", "बजे", "এ", "در", "ساعت", "عند", "tarehe", "el", "a", "de"}
)
# The verbs written glued to what comes before them ("10:12写道", "<a@b>님이 작성"): no "\b" before.
GLUED_VERB = r"写道|寫道|のメール|님이\s*작성|작성"
FORWARD_WORDS = (
    r"forwarded\s+message|begin\s+forwarded\s+message|message\s+transféré"
    r"|début\s+du\s+message\s+réexpédié|weitergeleitete\s+nachricht"
    r"|anfang\s+der\s+weitergeleiteten\s+nachricht|mensaje\s+reenviado"
    r"|inicio\s+del\s+mensaje\s+reenviado|messaggio\s+inoltrato|inizio\s+messaggio\s+inoltrato"
    r"|mensagem\s+(?:re)?encaminhada|início\s+da\s+mensagem\s+(?:re)?encaminhada"
    r"|doorgestuurd\s+bericht|begin\s+doorgestuurd\s+bericht|пересылаемое\s+сообщение"
    r"|пересланное\s+сообщение|начало\s+переадресованного\s+сообщения"
    r"|wiadomość\s+przekazana|przekazana\s+wiadomość|vidarebefordrat\s+meddelande"
    r"|videresendt\s+meddelelse|videresendt\s+melding|wiadomość\s+przekazana\s+dalej"
    r"|początek\s+przekazywanej\s+wiadomości|переслане\s+повідомлення"
    r"|початок\s+пересланого\s+(?:листа|повідомлення)|přeposlaná\s+zpráva"
    r"|yönlendirilen\s+ileti|továbbított\s+üzenet|mesaj\s+redirecționat"
    r"|(?:以下是)?转发的邮件|(?:以下是)?轉寄的郵件|転送されたメッセージ|전달된\s*(?:메일|메시지)"
    # the Nordic, Baltic, Central European, Balkan and Greek clients
    r"|start\s+på\s+videresendt\s+(?:besked|meddelelse|melding)|videresendt\s+besked"
    r"|början\s+på\s+vidarebefordrat\s+meddelande|välitetty\s+viesti|välitetyn\s+viestin\s+alku"
    r"|edasi\s*saadetud\s+(?:kiri|sõnum)|edastatud\s+(?:kiri|sõnum)"
    r"|persiųstas\s+laiškas|persiunčiamas\s+laiškas|pārsūtīt[aā]\s+(?:ziņa|vēstule)"
    r"|začátek\s+přeposlané\s+zprávy|preposlaná\s+správa|začiatok\s+preposlanej\s+správy"
    r"|továbbított\s+levél|mesaj\s+redirec[tț]ionat|mesaj\s+transmis|mesaj\s+înaintat"
    r"|începutul\s+mesajului\s+redirec[tț]ionat|προωθημένο\s+μήνυμα"
    r"|έναρξη\s+προωθημένου\s+μηνύματος|iletilen\s+ileti|iletilmiş\s+(?:ileti|mesaj)"
    r"|yönlendirilmiş\s+(?:ileti|mesaj)|препратено\s+(?:съобщение|писмо)"
    r"|начало\s+на\s+препратеното\s+съобщение|proslijeđena\s+poruka"
    r"|početak\s+proslijeđene\s+poruke|prosleđena\s+poruka|прослеђена\s+порука"
    r"|posredovano\s+sporočilo|препратена\s+порака"
    # South and South-East Asia, Persian, Swahili, Catalan, Chinese (WeCom)
    r"|(?:thư|tin\s+nhắn)\s+(?:đã\s+)?chuyển\s+tiếp|pesan\s+(?:yang\s+)?(?:di)?teruskan"
    r"|awal\s+pesan\s+yang\s+diteruskan|pesan\s+terusan|mesej\s+(?:yang\s+)?dimajukan"
    r"|ข้อความที่ส่งต่อ|ipinasang\s+mensahe|ipinasa\s+na\s+mensahe|अग्रेषित\s+(?:संदेश|मेल)"
    r"|फ़?फॉरवर्ड\s+किया\s+गया\s+(?:संदेश|मेल)|ফরও?য়ার্ড\s+করা\s+(?:মেসেজ|বার্তা)"
    r"|முன்னனுப்பப்பட்ட\s+செய்தி|அனுப்பப்பட்ட\s+செய்தி"
    r"|آگے\s+بھیجا\s+گیا\s+پیغام|فارورڈ\s+(?:کردہ|شدہ)\s+پیغام|پیام\s+(?:باز)?ارسال\s*‌?شده"
    r"|پیام\s+هدایت\s*‌?شده|ujumbe\s+uliosambazwa|ujumbe\s+uliotumwa\s+mbele"
    r"|missatge\s+reenviat|inici\s+del\s+missatge\s+reenviat|转发邮件(?:信息)?|轉寄郵件(?:資訊)?"
    r"|הודעה\s+שהועברה|(?:ال)?رسالة\s+(?:ال)?م(?:عاد\s+توجيهها|حولة)"
    r"|áframsent\s+(?:bréf|skeyti)|mesazh\s+i\s+përcjellë|mensaxe\s+reenviada"
    r"|birbidalitako\s+mezua"
    # Apple Mail's "Begin forwarded message:" where only the bare phrase was known (th, vi, ms,
    # ar, he, tr, fi, hu, hi): a begin word before or after it, the whole line still its own
    r"|เริ่มต้นข้อความที่ส่งต่อ|bắt\s+đầu\s+(?:thư|tin\s+nhắn)\s+(?:đã\s+|được\s+)?chuyển\s+tiếp"
    r"|(?:thư|tin\s+nhắn)\s+được\s+chuyển\s+tiếp|mula\s+mesej\s+(?:yang\s+)?dimajukan"
    r"|بداية\s+(?:ال)?رسالة\s+(?:ال)?م(?:عاد\s+توجيهها|حولة)|תחילת\s+הודעה\s+שהועברה"
    r"|iletilmiş\s+(?:iletinin|mesajın)\s+başlangıcı|välitetty\s+viesti\s+alkaa"
    r"|továbbított\s+(?:levél|üzenet)\s+kezdete|अग्रेषित\s+संदेश\s+(?:का\s+)?(?:प्रारंभ|आरंभ)"
)
ORIGINAL_WORDS = (
    r"original\s+message|message\s+d'origine|ursprüngliche\s+nachricht|original-nachricht"
    r"|mensaje\s+original|messaggio\s+originale|mensagem\s+original|oorspronkelijk\s+bericht"
    r"|исходное\s+сообщение|оригинальное\s+сообщение|oryginalna\s+wiadomość"
    r"|wiadomość\s+oryginalna|ursprungligt\s+meddelande|oprindelig\s+meddelelse"
    r"|opprinnelig\s+melding|оригінальне\s+повідомлення|původní\s+zpráva|özgün\s+ileti"
    r"|orijinal\s+mesaj|eredeti\s+üzenet|mesaj\s+original|mail\s+original|originalnachricht"
    r"|原始邮件|原始郵件|元のメッセージ|元のメール|オリジナル\s*メッセージ|원본\s*(?:메시지|이메일|메일)"
    r"|הודעה\s+מקורית"
    r"|الرسالة\s+الأصلية"
    r"|alkuperäinen\s+viesti|algne\s+(?:kiri|sõnum)|originalus\s+laiškas|pradinis\s+laiškas"
    r"|sākotnējā\s+ziņa|oriģinālā\s+ziņa|původní\s+e-?mail|pôvodná\s+správa|eredeti\s+levél"
    r"|mesajul\s+original|αρχικό\s+μήνυμα|оригинално\s+(?:съобщение|писмо)"
    r"|първоначално\s+съобщение|izvorna\s+poruka|originalna\s+poruka|оригинална\s+порука"
    r"|изворна\s+порука|izvirno\s+sporočilo|thư\s+gốc|tin\s+nhắn\s+gốc|pesan\s+asli"
    r"|mesej\s+asal|ข้อความต้นฉบับ|orihinal\s+na\s+mensahe|मूल\s+संदेश|(?:মূল|আসল)\s+বার্তা"
    r"|அசல்\s+செய்தி|اصل\s+پیغام|پیام\s+اصلی|ujumbe\s+(?:asili|halisi)|missatge\s+original"
    r"|upprunaleg\s+skilaboð|mesazhi\s+origjinal|mensaxe\s+orixinal|jatorrizko\s+mezua"
    r"|оригинална\s+порака"
)
HEADER_LABELS: dict[str, str] = {
    "from": r"From|De|De\s+la|Von|Da|Van|Från|Fra|От|Від|Od|Lähettäjä|Feladó|Kimden|Από"
    r"|发件人|寄件者|寄件人|差出人|送信者|送信元|보낸\s?사람|발신|발신자|מאת|من|المرسل"
    r"|Afsender|Avsender|Saatja|Kellelt|Nuo|Siuntėjas|Sūtītājs|No|Šalje|Pošiljatelj|Pošiljalac"
    r"|Пошиљалац|Từ|Người\s+gửi|Dari|Daripada|Pengirim|จาก|Mula\s+kay|Mula"
    r"|प्रेषक|প্রেরক|থেকে|அனுப்புநர்|அனுப்பியவர்|منجانب|از|فرستنده|Kutoka|Mtumaji"
    r"|Frá|Nga|Од|Nork",
    "date": r"Sent|Date|Message\s+du|Enviada\s+em|Enviado\s+em|Enviado\s+el|Envoyé|Gesendet"
    r"|Datum|Enviado|Enviada|Inviato|Data|Verzonden|Fecha"
    r"|Отправлено|Надіслано|Дата|Wysłano|Wysłane|Skickat|Sendt|Dato|Lähetetty|Tarih"
    r"|Odesláno|Odoslané|Küldve|Trimis|Gönderildi|Gönderilen|Στάλθηκε|Ημερομηνία"
    r"|发送时间|發送時間|寄件日期|日期|送信日時|日時|日付|보낸\s?날짜|날짜|נשלח|תאריך|التاريخ|تاريخ\s+الإرسال"
    r"|تم\s+الإرسال|Saatmisaeg|Saadetud|Kuupäev|Išsiųsta|Nosūtīts|Datums|Päivämäärä|Dátum"
    r"|Elküldve|Изпратено(?:\s+на)?|Poslano|Послато|Poslato|Đã\s+gửi|Ngày\s+gửi|Ngày|Dikirim"
    r"|Terkirim|Tanggal|Dihantar|Tarikh|ส่ง|วันที่|Ipinadala|Petsa|भेजा\s+गया|दिनांक|তারিখ"
    r"|পাঠানো\s+হয়েছে|அனுப்பப்பட்டது|தேதி|بھیجا\s+گیا|تاریخ|ارسال\s*‌?شده|Imetumwa|Tarehe"
    r"|Enviat|Envoyé\s+le|Испратено|Dërguar|Noiz|Sent\s+á",
    "to": r"To|À|A|An|Para|Aan|Кому|Do|Till|Til|Cc|Cci|Ccn|Bcc|Copie\s+à|Copia|Kopie|Копия"
    r"|Kopia|DW|Vastaanottaja|Kime"
    r"|Komu|Címzett|Către|Catre|Προς|Κοιν"
    r"|收件人|收件者|副本|抄送|宛先|받는\s?사람|수신|수신자|참조|אל|עותק|إلى|نسخة"
    r"|Adressaat|Kellele|Koopia|Kam|Gavėjas|Kopija|Saņēmējs|Prima|Kome|Прима|До|Копие"
    r"|Másolat|Másolatot\s+kap|Kópia|Kopio|Kopi|Bilgi|Alıcı|Đến|Người\s+nhận|Bản\s+sao"
    r"|Kepada|Tembusan|ถึง|สำเนา|Para\s+kay|प्रति|সেবায়|প্রতি|பெறுநர்|بنام|به|گیرنده|Kwa"
    r"|Nakala|Per\s+a|A\/c|Za|Për|Nori|Afrit",
    "subject": r"Subject|Objet|Sujet|Betreff|Asunto|Oggetto|Ogg|Assunto|Onderwerp|Тема|Temat|Ämne"
    r"|Emne|Aihe|Konu|Předmět|Predmet|Tárgy|Subiect|Θέμα|主题|主旨|件名|제목|נושא|الموضوع"
    r"|Teema|Tema|Tēma|Temats|Относно|Chủ\s+đề|Tiêu\s+đề|Perihal|Subjek|Tajuk|เรื่อง|Paksa"
    r"|विषय|বিষয়|பொருள்|موضوع|Kichwa|Mada|Assumpte|Zadeva|Efni|Subjekti|Gaia",
}
# A second header on the same line ("From: A  Date: B"): only the unambiguous long labels.
INLINE_DATE_LABELS = (
    r"Sent|Date|Envoyé|Gesendet|Datum|Enviad[oa](?:\s+(?:em|el))?|Fecha|Inviato|Wysłan[oe]"
    r"|Verzonden|Verstuurd|Skickat|Sendt|Отправлено|Дата"
)
INLINE_SUBJECT_LABELS = r"Subject|Objet|Betreff|Asunto|Oggetto|Assunto|Onderwerp|Тема|Temat|Ämne"
CANDIDATE_STARTS = (
    r"On\s|Le\s|Am\s|El\s|Il\s|In\s+data|Em\s|No\s+dia|Op\s|W\s+dniu"
    r"|Wiadomość\s+napisana|napisana\s+przez"
    r"|Dnia|Den\s|Pe\s|Dne\s|From|De\s?:|Von|Da\s?:|Van|Från|Fra|От|Od\s?:|Sent|Date|Datum"
    r"|Envoy|Gesendet|Enviad|Inviat|Verzonden|Verstuurd|Fecha|Отправлено|Дата|Wysłan|Skickat"
    r"|Sendt|Get\s|Begin|Début|Anfang|Inicio|Inizio|Início|Пересыл|Начало|Original|Ursprüngl"
    r"|Wiadomo|confidential|disclaimer|avertissement|avis|this|the\s|ce\s|cet\s|diese"
    r"|este|questo|deze|данное|это\s|aviso|aan\s|la\s|las\s|les\s|die\s|as\s|informa"
    r"|информац|dit\s|Początek|Початок|Переслан|Оригінал|Přeposlan|Původní|Yönlendiril|Özgün"
    r"|Orijinal|Eredeti|Továbbított|Mesaj|以下|转发|轉寄|転送|전달"
    # mobile footers that name the device first ("iPhoneから送信", "发自我的iPhone")
    r"|iP|Android|Galaxy|Samsung|发自|来自|來自|從|从我|נשלח|أُ?رسلت|Надіслано|Відправлено|Στάλθηκε"
    # … and in the v4 languages ("Poslano s mog iPhonea", "Obțineți Outlook pentru Android")
    r"|Poslano|Odeslán|Odoslan|Lähetetty|Trimis|Изпратено|Послато|Išsiųsta|Nosūtīts|Saadetud"
    r"|Dikirim|Dihantar|Imetumwa|Ipinadala|Enviat|Được|Gửi|Obțin|Obtin|Hanki|Hent|Få\s|Získ"
    r"|Pobierz|Ottieni|Obten|Dapatkan|Edinin|Nabavite|Изтеглете|احصل|دریافت|ارسال|ส่งจาก"
    r"|Elküldve|मेरे|Dërguar|Испратено"
)
# Notes writes its labels in the user's language: "To", "An", "À", "Para", "Aan", "Do",
# "Till", "Кому", "宛先", "收件人", "받는 사람" over "Subject", "Betreff", "Objet", "件名" …
NOTES_TO = frozenset(
    {"to", "an", "à", "a", "para", "aan", "do", "till", "кому", "宛先", "收件人", "收件者"}
    | {"받는 사람", "komu", "címzett", "til", "vastaanottaja", "către", "προς", "kime", "до"}
    | {"prima", "kome", "kam", "saņēmējs", "adressaat", "kellele", "đến", "kepada", "ถึง"}
)
NOTES_SUBJECT = frozenset(
    {"subject", "betreff", "thema", "objet", "asunto", "assunto", "oggetto", "onderwerp"}
    | {"temat", "ämne", "тема", "件名", "主题", "主旨", "제목", "předmět", "predmet", "tárgy"}
    | {"emne", "aihe", "subiect", "θέμα", "konu", "относно", "tema", "tēma", "teema", "chủ đề"}
    | {"perihal", "subjek", "เรื่อง"}
)
