"""Signatures and footers: where one starts, where it ends, and whether new text follows it.

A footer starts at a "-- " delimiter, a whole-line mobile footer ("Sent from my iPhone", in a
dozen languages and devices) or a legal notice (a heading, or a paragraph with the wording of
one); it ends where history starts, at the end of the run, or at the first paragraph of new
text after it (a P.S., a sentence).

Guarantees: a footer never hides what follows it: `footer_end` says where new text resumes.
A legal notice needs two legal terms and a known opening ("This email", "Ce message"), or
three legal terms under a signature's short line (one word of legal wording in a sentence is
no footer),
a mobile footer must stand alone on its line, and a footer longer than `MAX_FOOTER_LINES` is
none. Every test is bounded in the characters it reads.
"""

from __future__ import annotations

import functools
import re

from lemtui.mail.render._attribution import MAX_LINE, is_history_line
from lemtui.mail.render._history import LINK_NUMBER_RE, WORD_RE
from lemtui.mail.render._regex import anchored, grouped, top_branches

__all__ = [
    "LEGAL_START_RE",
    "LEGAL_WORDS_RE",
    "MAX_FOOTER_LINES",
    "SIG_DELIMITERS",
    "delimited_block",
    "eco_footer",
    "footer_end",
    "is_footer_start",
    "is_signature_block",
    "legal_starts",
    "legal_terms",
    "named_block",
    "only_mobile_footers",
    "only_signature",
]

SIG_DELIMITERS = frozenset({"--", "-- "})  # "---" underlines titles; it is no delimiter
MAX_FOOTER_LINES = 60
_MAX_DELIMITED_LINES = 8
_PS_RE = re.compile(r"\s*(?:P\.?\s?){1,2}[SD]\b\.?(?=[\s:,.-])", re.IGNORECASE)
_DEVICE = (
    # the iPhone declined: "iPhonea" (hr), "iPhonu" (cs, sk), "iPhone-ul" (ro), "iPhone'ist" (et),
    # the apostrophe straight or typographic ("iPhone’a": iOS's own keyboard types ’)
    r"iP(?:hone|ad)(?:-?(?:ul|а|u)|['’ʼ](?:ist|st)|a|u|om|sta|ta|\s+(?:im|i\s+im))?|iPhon(?:u|em|a)"
    r"|iPod"
    r"|Android(?:\s+(?:phone|device|tablet))?|mobile(?:\s+(?:device|phone))?"
    r"|Superhuman(?:\s+(?:for\s+)?(?:iOS|Android))?|Windowsi\s+rakendusest\s+Meil"
    r"|Outlook\s+(?:pentru|para|pour|für|per|voor|dla|för|til|na|untuk|cho|için|za)"
    r"\s+(?:iOS|Android|Mac|Windows)"
    r"|(?:smart)?phone|tablet|BlackBerry(?:\s+\w+){0,2}|Samsung(?:\s+\w+){0,3}"
    r"|Galaxy(?:\s+\w+){0,3}|Huawei(?:\s+\w+){0,2}|Xiaomi(?:\s+\w+){0,2}|Pixel(?:\s+\w+){0,2}"
    r"|Windows\s+Phone|Nokia(?:\s+\w+){0,2}|Motorola(?:\s+\w+){0,2}|OnePlus(?:\s+\w+){0,2}"
    r"|Outlook(?:\s+for\s+(?:iOS|Android|Mac|Windows))?|Mail\s+for\s+Windows(?:\s+1[01])?"
    r"|Yahoo\s+Mail(?:\s+(?:for|on|para|pour|für|per|voor|dla|на)\s+(?:iPhone|iPad|Android))?"
    r"|AOL(?:\s+Mobile)?\s+Mail"
    # Any mail app named for its platform: "Libero Mail per Android", "GMX Mail für iPhone".
    r"|(?:[^\W\d_][\w.]{1,15}\s+){1,2}Mail(?:\s+app)?"
    r"\s+(?:for|on|para|pour|für|per|voor|dla|för|på|na|на)\s+(?:iPhone|iPad|Android|iOS)"
    r"|Proton\s?Mail|Gmail\s+Mobile|Spark|Edison\s+Mail|BlueMail|iPhone['’ʼ]?a|iPada"
    r"|(?:мобильной\s+)?Почты\s+Mail\.ru"
    r"|(?:мобильной\s+|мобильного\s+приложения\s+)?Яндекс[.\s]\s*Почты(?:\s+для\s+(?:iOS|Android))?"
    r"|моего\s+iPhone|iPhone\s+устройства|iPhone\s+μου|Android\s+μου"
    # Samsung: "smartphone Samsung Galaxy" (fr, it, es, pt), "smartfona Galaxy" (pl), and the
    # word for "device" its apps write before the brand: "appareil Galaxy" (fr), "dispositivo
    # Galaxy" (it, es, pt), "Gerät", "toestel", "zařízení", "urządzenia" …
    r"|(?:smartphone|smartfona|smartfonu|tablette?|tableta|устройства|телефона|appareil"
    r"|dispositi(?:vo|f)|Gerät|toestel|apparaat|enhet|zařízení|zariadenia|urządzenia"
    r"|készülék(?:ről)?)\s+(?:Samsung\s+)?"
    r"(?:Galaxy|Huawei|Xiaomi|Pixel|Android|Honor|Nokia|Motorola|OnePlus)(?:\s+\w+){0,2}"
    # the phone in the lead's own word, a brand after it or not: "Von meinem Handy gesendet",
    # "Enviado desde mi móvil", "Inviato dal mio cellulare", "Envoyé de mon téléphone" …
    r"|(?:Handy|Mobiltelefon|móvil|movil|celular|cellulare|telefonino|teléfono|telefone"
    r"|telefono|téléphone|portable|telefoon|mobiel|mobieltje|telefonu|komórki|mobil"
    r"|telefon|telefonen|mobilen|puhelimesta|kännykästä|телефона)"
    r"(?:\s+(?:Samsung\s+)?(?:Galaxy|Huawei|Xiaomi|Pixel|Android|Honor|Nokia|Motorola|OnePlus)"
    r"(?:\s+\w+){0,2})?"
)
_MOBILE_SIG_RE = re.compile(
    r"\s*(?:Sent\s+from(?:\s+my)?|Sent\s+with|Sent\s+using|Get|Envoyé\s+(?:de|depuis|à\s+partir\s+de)"
    r"(?:\s+mon)?|Von\s+meinem|Gesendet\s+(?:von|mit)(?:\s+meinem)?|Enviado\s+(?:desde|do|de|a\s+partir\s+do)"
    r"(?:\s+(?:mi|meu|o\s+meu))?|Inviato\s+da(?:l)?(?:\s+mio)?|(?:Verzonden|Verstuurd)\s+(?:vanaf|met)(?:\s+mijn)?"
    r"|Wysłane\s+z(?:\s+(?:mojego|urządzenia))?|Skickat\s+från(?:\s+min)?|Sendt\s+fra(?:\s+min)?"
    r"|Отправлено\s+(?:с|из|со)(?:\s+моего)?|(?:Надіслано|Відправлено)\s+(?:з|із)(?:\s+мого)?"
    r"|Στάλθηκε\s+από(?:\s+(?:το|τη|την))?"
    # the v4 languages: hr/sr/sl, cs/sk, fi, ro, bg, lt, lv, et, id/ms, sw, tl, ca, vi, "via"
    r"|Poslano\s+(?:s|sa|z|iz)(?:\s+(?:mog|mojega|mojeg))?|Odesláno\s+z(?:\s+mého)?"
    r"|Odoslané\s+z(?:\s+môjho)?|Lähetetty(?:\s+laitteesta)?|Trimis\s+de\s+pe|Trimis\s+din"
    r"|Изпратено\s+от(?:\s+моя)?|Послато\s+са(?:\s+мог)?|Išsiųsta\s+iš(?:\s+mano)?"
    r"|Nosūtīts\s+no(?:\s+mana)?|Saadetud(?:\s+minu)?|Dikirim\s+dari|Dihantar\s+dari"
    r"|Imetumwa\s+kutoka(?:\s+kwa)?|Ipinadala\s+mula\s+sa(?:\s+aking)?"
    r"|Enviat\s+des\s+del?(?:\s+meu)?|(?:Được\s+)?[Gg]ửi\s+từ|Sent\s+via"
    r"|Sent\s+úr(?:\s+(?:mínum|minum))?|Poslano\s+iz(?:\s+mojega)?|Dërguar\s+nga"
    r"|Испратено\s+од(?:\s+мојот)?"
    r"|Obțineți|Obtineti|Hanki|Hent|Få|Získat|Získajte|Pobierz|Ottieni|Obtener|Obtenha"
    r"|Dapatkan|Edinin|Nabavite|Изтеглете)"
    # German names the device in a compound: "Huawei-Mobiltelefon", "Samsung-Handy", "Galaxy-Gerät"
    rf"\s+(?:{_DEVICE})(?:-(?:smartphone|tablet|mobiltelefon|handy|telefon|gerät))?(?:\s+gesendet)?"
    r"(?:\s+(?:saya|yangu|của\s+tôi|mu|ku))?"
    r"(?:\s+\[\d+\]|\s*<[^<>\s]+>)?\s*[.!]?\s*",
    re.IGNORECASE,
)
# The same footers where the device comes first or the words wrap it: Japanese ("iPhoneから
# 送信"), Korean ("Galaxy 스마트폰에서 보냈습니다."), Chinese ("发自我的iPhone", "從我的 iPhone
# 傳送"), Hebrew ("נשלח מה-iPhone שלי"), Arabic ("أرسلت من الـ iPhone الخاص بي"), Turkish.
# Each wording holds a letter outside ASCII, so an ASCII line is never tried against it.
_PHONE = rf"{_DEVICE}|(?:华为|荣耀|小米|三星)?(?:手机|手機)|스마트폰|携帯|スマートフォン"


@functools.cache
def _mobile_sig_wrapped_re() -> re.Pattern[str]:
    """Compiled for the first line outside ASCII that could be one (the device names written
    into each of its wordings make it 19,000 characters: ~35 ms to compile, which a body in
    English never needs)."""
    return re.compile(
        rf"\s*(?:(?:{_PHONE})(?:\s*스마트폰)?\s*(?:から送信(?:されました)?|에서\s*(?:보냄|보냈습니다|발송))"
        r"|iPhone['’ʼ]?umdan\s+gönderildi|iPad['’ʼ]?imden\s+gönderildi"
        rf"|(?:发自|来自|來自|從|从)我的\s*(?:{_PHONE})(?:\s*(?:傳送|发送))?"
        rf"|נשלח\s+מ(?:ה-?)?\s*(?:{_PHONE})(?:\s+שלי)?"
        rf"|أُ?رسلت\s+من\s+(?:الـ\s*|جهاز\s+)?(?:{_PHONE})(?:\s+الخاص\s+بي)?"
        rf"|(?:احصل\s+على|دریافت)\s+(?:{_PHONE})"
        rf"|ارسال\s*\u200c?\s*شده\s+از\s+(?:{_PHONE})(?:\s+من)?|ส่งจาก\s*(?:{_PHONE})(?:\s*ของฉัน)?"
        rf"|Elküldve\s+(?:az?\s+)?(?:{_PHONE})-?(?:omról|ómról|ról|ről)?"
        rf"|मेरे\s+(?:{_PHONE})\s+से\s+भेजा\s+गया|(?:{_PHONE})['’ʼ]?umdan\s+gönderildi)"
        r"(?:\s+\[\d+\]|\s*<[^<>\s]+>)?\s*[.!。]?\s*",
        re.IGNORECASE,
    )


_HEADINGS = (
    r"confidentiality notice|disclaimer|avertissement|avis de confidentialit|aviso legal"
    # headings that are words too ("Pernyataan" is "statement"): only with their colon
    r"|(?:aviso de confidencialidad[e]?|penafian|pernyataan(?: kerahasiaan)?|yasal uyarı"
    r"|gizlilik (?:uyarısı|bildirimi)|vastuuvapauslauseke|upozornění|upozornenie|napomena"
    r"|odricanje odgovornosti|atruna|lahtiütlus|αποποίηση ευθύνης|отказ от отговорност"
    r"|avís legal|avís de confidencialitat|kanusho|ilani ya siri|tuyên bố miễn trừ"
    r"|अस्वीकरण|দাবিত্যাগ|سلب مسئولیت|دستبرداری|ข้อจำกัดความรับผิดชอบ) ?:"
)
# A legal heading with its colon, matched on the lowered line's start (a notice glued under a
# signature, `is_footer_start`): grouped and case-free, so a list item's "1. Rotation:" costs
# a try or two, not a pass of `LEGAL_START_RE`.
_GLUED_HEADING_RE = re.compile(rf"\s*(?:{grouped(top_branches(_HEADINGS))})(?:(?<=:)|\s*:)")
LEGAL_START_RE = re.compile(
    rf"\s*(?:({_HEADINGS})"
    r"|(?:this|the information (?:contained )?in this|the contents of this) "
    r"(?:e-?mail|message|communication|transmission)"
    r"|(?:ce|le présent|cet) (?:message|courriel|e-?mail|mail)"
    r"|diese (?:e-?mail|nachricht)|este (?:mensaje|correo)|questo messaggio"
    r"|deze (?:e-?mail|mail|bericht)|dit (?:e-?mail(?:bericht)?|bericht)"
    r"|данное (?:сообщение|письмо)|это (?:сообщение|письмо)"
    r"|aan dit bericht|(?:le|la|las|les|as|die|de) informa\w* (?:contenu|contenid"
    r"|contenut|contid|in dies|in dit)|informacje zawarte|информация,? содержащ"
    # the v4 languages' openings ("Ez az e-mail", "Bu e-posta", "Šiame el. laiške" …)
    r"|denne e-?(?:mail|post(?:en)?)|tämä (?:sähköposti|viesti)|tento e-?mail|tato zpráva"
    r"|táto správa|ez az? (?:e-?mail|üzenet|levél)|acest (?:e-?mail|mesaj)"
    r"|το παρόν (?:μήνυμα|e-?mail|ηλεκτρονικό)|αυτό το (?:μήνυμα|e-?mail)"
    r"|bu (?:e-?posta|ileti|mesaj)|това (?:съобщение|писмо)|този (?:имейл|e-?mail)"
    r"|ova (?:e-?mail )?poruka|ovaj e-?mail|ова порука|šiame (?:el\. )?laiške|šis (?:el\. )?laiškas"
    r"|šis e-?pasts|šī e-?pasta|see e-?kiri|käesolev e-?kiri|(?:e-?mail|thư) này"
    r"|email ini|e-?mel ini|อีเมลนี้|यह ई-?मेल|এই ই-?মেইল|یہ ای ?میل|این (?:ایمیل|پیام)"
    r"|barua pepe hii|aquest (?:missatge|correu)"
    # "this e-mail" in Chinese, Japanese, Korean, Hebrew and Arabic
    r"|[本此](?:封)?(?:电子|電子)?(?:邮件|郵件|信件|訊息|信息)|(?:本|この)(?:電子)?メール"
    r"|(?:본|이) ?(?:메일|이메일|전자우편)|הודעה זו|הודעת (?:דוא\"ל|הדוא\"ל) זו|(?:דוא\"ל|מסר) זה"
    r"|(?:هذه|إن هذه) الرسالة|هذا البريد)",
    re.IGNORECASE,
)
_LEGAL_WORDS = (
    r"confidential|privileged|intended (?:solely |only )?for|confidentiel|destinataire"
    r"|vertraulich|empfänger|confidencial|destinatario|riservat|vertrouwelijk|конфиденциал"
    r"|exclusivamente|ontleend|addressee|poufn|geadresseerde|destinat|intended|confidenzial"
    r"|exclusi|esclusiv|privilegiad|uitsluitend bestemd|onrechte|niet toegestaan|adresat"
    r"|wyłącznie|адресат|конфіденційн|помилков|gdpr|rgpd|dsgvo|rodo|lgpd|2016/679"
    r"|protection des données|datenschutz|protezione dei dati|proteção de dados|danych osobowych"
    r"|保密|机密|機密|指定收件人|误收|誤收|免责声明|免責聲明"
    r"|fortrolig|konfidensiel|luottamukselli|důvěrn|dôvern|bizalmas|kizárólag a címzett"
    r"|confiden[tțţ]ial|εμπιστευτικ|αποκλειστικά|παραλήπτ|γκπδ|gizli|yalnızca alıcı|kvkk"
    r"|поверителн|povjerljiv|poverljiv|поверљив|konfidencial|bdar|konfidenciāl|konfidentsiaal"
    r"|bảo mật|rahasia|hanya ditujukan|maklumat sulit|pdpa|penerima yang dimaksud"
    r"|ความลับ|गोपनीय|গোপনীয়|خفیہ|محرمانه|ya siri|popia|legal notice"
    r"|confidenciais|adressat"
)
# Hebrew and Arabic legal words, tried only on text in those scripts (`_legal_res`): each
# first letter more is one more try at every position of every body.
_RTL_LEGAL_WORDS = r"חסוי|סודי|לנמען|הנמען|سرية|سرّية|المرسل إليه|المقصود"
_RTL_LEGAL_MORE = r"בטעות|ומחק|למחוק|מחק אותה|بالخطأ|عن طريق الخطأ|حذفها|احذف"
_RTL_RE = re.compile("[\u0590-\u06ff]")
# A legal footer's later paragraphs ("If you received this in error, please delete it.").
_LEGAL_MORE = (
    r"in error|erreur|irrtümlich|irrtum|por error|per errore|por engano|abusievelijk|ошибк"
    r"|omyłk|misstag|unauthori[sz]ed|prohibited|disclos|virus|before printing|recipient"
    r"|interdit|non autoris|usunięc|видаліть|删除|刪除"
    r"|törölje|tévedésből|κατά λάθος|διαγράψ|yanlışlıkla|siliniz|per klaidą|ištrinti|kesalahan"
    r"|hapus|kesilapan|padam|omylem|omylom|greškom|грешка|по грешка|kļūdas|ekslikult|nhầm"
    r"|engano|personal information|dados pessoais|kişisel veri|személyes adat"
    r"|verwijder|löschen|radera|erehdyksessä|tietosuoj"
    # a company's register line (Impressum), part of the same footer
    # (shared prefixes written once: each branch is one more try at every "r" or "s")
    r"|regist(?:er(?:ed (?:office|in england)|gericht)|ro (?:mercantil|delle imprese))"
    r"|company number|handelsregister|amtsgericht|si(?:tz der gesellschaft|ège social)|ust-idnr"
    r"|bij de kvk|kamer van koophandel|kvk-nummer"
)
_LegalRes = tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]


def _legal_patterns(words: str, more: str) -> _LegalRes:
    """The legal words, the later paragraphs' words (lower case, for lowered text: IGNORECASE
    is ten times slower), and, `anchored`, the lines holding a legal word (`legal_starts`)."""
    return (
        re.compile(grouped(top_branches(words))),
        re.compile(grouped(top_branches(more))),
        re.compile(grouped([anchored(w) for w in top_branches(words)])),
    )


_LEGAL_RES = _legal_patterns(_LEGAL_WORDS, _LEGAL_MORE)
LEGAL_WORDS_RE, _LEGAL_MORE_RE = _LEGAL_RES[:2]


@functools.cache
def _rtl_legal_res() -> _LegalRes:
    """`_LEGAL_RES` with the Hebrew and Arabic words, compiled when a text in those scripts
    is first read: most sessions never see one."""
    return _legal_patterns(f"{_LEGAL_WORDS}|{_RTL_LEGAL_WORDS}", f"{_LEGAL_MORE}|{_RTL_LEGAL_MORE}")


def _legal_res(text: str) -> _LegalRes:
    """The legal patterns for `text` (`_LEGAL_RES`): with the Hebrew and Arabic words when it
    holds those scripts."""
    if text.isascii() or _RTL_RE.search(text) is None:
        return _LEGAL_RES
    return _rtl_legal_res()


def _is_mobile_footer(lines: list[str], i: int) -> bool:
    """A known mobile footer alone on its line; never a line that continues a sentence."""
    line = lines[i]
    if "[" in line:  # "Sent from Mail [1] for Windows": the client links its name
        line = LINK_NUMBER_RE.sub("", line)
    if len(line) > 200 or not (
        _MOBILE_SIG_RE.fullmatch(line)
        or (not line.isascii() and _mobile_sig_wrapped_re().fullmatch(line))
    ):
        return False
    after = next((w.strip() for w in lines[i + 1 : i + 2]), "")
    return not (after and after[0].islower())


def only_mobile_footers(text: str) -> bool:
    """Whether every non-blank line of `text` (a few lines at most) is a whole-line mobile
    footer ("Sent from my iPhone", "Envoyé de Yahoo Mail pour iPhone [1]"): a run that holds
    no typed word at all."""
    lines = text.strip().split("\n")
    if len(lines) > 6 or not lines[0].strip():
        return False
    return all(not line.strip() or _is_mobile_footer(lines, i) for i, line in enumerate(lines))


def only_signature(text: str) -> bool:
    """Whether `text` (a few lines at most) is a signature and nothing typed: whole-line mobile
    footers, or a "-- " delimiter over them or over a short signature block (a name of a few
    capitalised words, then a few lines: `is_signature_block`). Yandex's and Mail.ru's apps
    write "-- " above their "Отправлено из …" line; a desktop client, "-- " above the name.

    Two signals: the delimiter (or the footer's whole-line wording), and what is under it
    holding no sentence, only a name's or a client's lines.
    """
    if only_mobile_footers(text):
        return True
    lines = text.strip().split("\n")
    if len(lines) < 2 or lines[0].strip() not in SIG_DELIMITERS:
        return False
    return only_mobile_footers("\n".join(lines[1:])) or is_signature_block(lines, 0, len(lines))


def named_block(text: str, attribution: str) -> bool:
    """Whether `text` is the quoted sender's signature left under the quote: its first line
    is a name of one to four capitalised words that the attribution over the quote also
    names ("Jana Hudáková" under "Dňa 1.12.2026 o 16:05 Jana Hudáková napísal(a):"), and its
    other lines (five at most) hold no sentence (a title, a company, a phone)."""
    lines = [line.strip() for line in text.strip().split("\n")]
    if not lines or len(lines) > 6 or not all(lines) or len(attribution) > MAX_LINE:
        return False
    name = WORD_RE.findall(lines[0])
    # A whole name (two words at least), not a greeting: "Jana," or "Jana" opening a reply
    # shares one word with the attribution too.
    if not 2 <= len(name) <= 4 or not all(word[0].isupper() for word in name):
        return False
    if lines[0][-1] in ",:;!?.":
        return False
    said = set(WORD_RE.findall(attribution))
    if not all(word in said for word in name):
        return False
    for line in lines[1:]:
        words = WORD_RE.findall(line[:MAX_LINE])
        # a title, a company, a phone: short and capitalised; a sentence, not a company's
        # "s.r.o." or "Sdn. Bhd." ending a title line, is an answer
        if not (line[0].isupper() or line[0].isdigit() or line[0] == "+" or "|" in line):
            return False  # lower case only in a title set off by bars ("obchodná … | …")
        if len(words) > 8 or (_is_sentence(line) and words and len(words[-1]) > 3):
            return False
    return True


def delimited_block(text: str) -> bool:
    """Whether `text` is a "-- " delimiter over a few lines and no sentence: a signature or a
    client's footer in any wording ("-- " then "Sent with Kestrel Mail"), known or not.

    Two signals: the delimiter, and no line under it that reads as typed words (a sentence of
    twelve words, or of six ending in ".", "!" or "?"). It says what is no new text; it folds
    nothing by itself (`only_signature` says what may fold).
    """
    lines = text.strip().split("\n")
    if lines[0].strip() not in SIG_DELIMITERS:
        return False
    filled = [line for line in lines[1:] if line.strip()]
    return 0 < len(filled) < _MAX_DELIMITED_LINES and not any(map(_is_sentence, filled))


# "Please consider the environment before printing this email", language by language: a word
# of the environment and a word of printing (lower case, matched on the lowered line).
_ECO_RE = re.compile(
    r"\b(?:environment|planet|umwelt|environnement|planète|medio ambiente|meio ambiente"
    r"|ambiente|milieu|miljø|miljö|ympäristö|środowisk|životní prostředí|životné prostredie"
    r"|környezet|mediul|περιβάλλον|çevre|околната среда|okoliš|aplinką|keskkonda)"
)
_PRINT_WORDS = (
    r"print|drucken|ausdruck|imprim|stamp|afdruk|skriv(?:er|e|a)? ut|utskrift|tulosta"
    r"|drukowa|wydruk|tisk|tlač|nyomtat|tipări|εκτυπ|yazdır|отпечат|ispis|spausdin|drukā"
    r"|printi"
)
_PRINT_RE = re.compile(rf"\b(?:{_PRINT_WORDS})")
# The lines holding one, for `legal_starts`: each word opens at its rarest letter (`anchored`).
_PRINT_LINE_RE = re.compile(
    grouped([anchored(word, word_start=True) for word in top_branches(_PRINT_WORDS)])
)
_BEFORE_RE = re.compile(
    r"\b(?:before|avant|vor|bevor|ehe|antes|prima|før|innan|före|innen|ennen|voor|voordat"
    r"|alvorens|przed|zanim|před|pred|előtt|înainte|πριν|önce|преди|prije|pirms|enne|prieš"
    r"|think|denk|pensez|piensa|pense|pensa|tenk|tänk|ajattele|pomyśl|mysli|gondol|gândi)"
)
_ECO_MAX = 140


def eco_footer(line: str) -> bool:
    """A company's "think before you print" line ("Tenk miljø før du skriver ut denne
    e-posten.", "🌱 Pensez à l'environnement avant d'imprimer ce mail.").

    Three signals in one short line (at most 140 characters), each a whole word's start: a
    word of the environment, a word of printing, and "before" or "think" ("The staging
    environment breaks when we print invoices." is an answer). Like every footer it folds only
    when trailing (`footer_end`)."""
    if len(line) > _ECO_MAX:
        return False
    lowered = line.lower()
    return all(pattern.search(lowered) is not None for pattern in (_ECO_RE, _PRINT_RE, _BEFORE_RE))


# A help desk's notification footer ("This email is a service from Northwind Support."):
# the whole line, in the languages Zendesk and its peers write it.
_SERVICE_RE = re.compile(
    r"\s*(?:this (?:e-?mail|message) is a service (?:from|of)|diese e-?mail ist ein service von"
    r"|ce (?:courriel|message|e-?mail) est un service (?:de|d'|fourni par)"
    r"|este (?:correo electrónico|correo|mensaje) es un servicio de"
    r"|deze e-?mail is een service van"
    r"|este e-?mail é um serviço d[aeo]) ?(?P<name>[^.!?:;,\n]{1,60})[.!]?\s*",
    re.IGNORECASE,
)


_HEADING_REACH = 60
"""A legal heading's colon is within this many characters of its line's start."""


def is_footer_start(lines: list[str], i: int) -> bool:
    line = lines[i]
    if len(line) > 2000:
        return False
    if line.strip() in SIG_DELIMITERS or _is_mobile_footer(lines, i) or eco_footer(line):
        return True
    if len(line) <= _ECO_MAX and (m := _SERVICE_RE.fullmatch(line)) and m["name"][:1].isupper():
        return True  # two signals: the whole line is the wording and a name; it trails too
    if i > 0 and lines[i - 1].strip():  # glued under a line: only a heading with its colon
        if not _GLUED_HEADING_RE.match(line[:_HEADING_REACH].lower()):
            return _dense_legal(lines, i)
    elif not (m := LEGAL_START_RE.match(line)):
        return _dense_legal(lines, i)
    elif m.group(1):
        return True  # "CONFIDENTIALITY NOTICE", "AVISO LEGAL": a heading says it
    # A footer's wording, not one word of it ("This email is confidential between us: …"); a
    # heading glued under the signature needs it too (two signals: the heading, the wording).
    end = i + 1
    while end < min(len(lines), i + 8) and lines[end].strip():
        end += 1
    paragraph = " ".join(lines[i:end])[:2000]
    words = _legal_res(paragraph)[0]
    return words.search(paragraph.lower()) is not None and legal_terms(paragraph) >= 2


_IMAGE_ALT_RE = re.compile(r"\[[^\[\]\n]*\]")
"""A line that is only an image's alt text, as the layout writes it ("[Visit us at …]")."""
_LINK_LABEL_RE = re.compile(r"[^\[\]\n]*\[\d{1,5}\]")
"""A line that is one link's label and number ("Wij zoeken monteurs! Bekijk onze vacatures
[1]": a linked banner's alt, a "visit our site" link): never a company's registration line."""
_SHORT_LINE = 40
"""A signature's line (a name, a title, a phone) is shorter than this."""
_DENSE_TERMS = 3
_DENSE_CHARS = 100


def _dense_legal(lines: list[str], i: int) -> bool:
    """A legal footer in wording no start list knows ("Ai sensi del Regolamento UE 2016/679…",
    "Конфіденційність: …", a company's KRS/RODO clause), or glued under the signature with no
    blank line: a paragraph of 100 characters or more, from a long line on, that holds three
    different legal terms, right under a block of two lines or more whose last is short and
    none ends with a colon (a sign-off and a name, a title and a phone; a greeting is one line).
    A logo's or banner's "[alt]" line, or a linked banner's label ("… [1]"), between the two is
    looked past (and stays shown).
    Lengths are `_width`s: a Chinese clause is as long as the English it translates.

    Two signals, besides the trailing position every fold needs (`footer_end` keeps text any
    new paragraph follows): the density of legal wording, and the signature above it.
    """
    if _width(lines[i].strip()) < _SHORT_LINE:
        return False  # a signature's own line ("12 rue des Forges"), not the clause
    above = i - 1
    while (
        above >= 0
        and above > i - 4
        and (
            not (text := lines[above].strip())
            or (
                text.endswith("]")
                and (_IMAGE_ALT_RE.fullmatch(text) or _LINK_LABEL_RE.fullmatch(text))
            )
        )
    ):
        above -= 1  # blank lines, a logo's "[alt]" or a linked banner between signature and clause
    block = [line.strip() for line in lines[max(0, above - 1) : above + 1]]
    if len(block) < 2 or not all(block) or len(block[-1]) >= _SHORT_LINE:
        return False  # a greeting ("Hi Bob,") is one short line; a signature is two or more
    if any(line.endswith((":", "：")) for line in block):
        return False  # "Our terms:" introduces what follows
    end = i + 1
    while end < min(len(lines), i + 8) and lines[end].strip():
        end += 1
    paragraph = " ".join(lines[i:end])[:2000]
    return _width(paragraph) >= _DENSE_CHARS and legal_terms(paragraph) >= _DENSE_TERMS


_WIDE_RE = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]")


def _width(text: str) -> int:
    """A text's length in Latin letters' worth: a Chinese, Japanese or Korean character (or a
    fullwidth mark) says about as much as two, so a 60-character Chinese clause counts as the
    120-character English one it translates."""
    return len(text) + len(_WIDE_RE.findall(text)) if not text.isascii() else len(text)


def legal_starts(text: str, lines: list[str]) -> set[int]:
    """Lines where a legal footer with no known opening may start (`_dense_legal`): each line
    holding a legal term, or the first of the long lines right above it in its paragraph (a
    company's registration lines open the clause, unless the line opens it with a heading,
    "CONFIDENTIALITY NOTICE:": a title or address above it is the signature's); and each
    "think before you print" line."""
    lowered = text.lower()  # lowering keeps every newline, so line numbers still agree
    found: set[int] = set()
    line_no = last = 0
    done = -1
    # The anchored pattern's match starts at a rare letter, in the line of the word it finds.
    for m in _legal_res(lowered)[2].finditer(lowered):
        line_no += lowered.count("\n", last, m.start())
        last = m.start()
        if line_no == done or line_no >= len(lines):
            continue
        done = start = line_no
        head = LEGAL_START_RE.match(lines[line_no])
        opens = head is not None and bool(head.group(1))
        while (
            not opens  # "CONFIDENTIALITY NOTICE: …" heads the clause: a title above is no part
            and start > 0
            and line_no - start < 7
            and len(above := lines[start - 1].strip()) >= _SHORT_LINE
            and not _IMAGE_ALT_RE.fullmatch(above)
            and not _LINK_LABEL_RE.fullmatch(above)
        ):
            start -= 1  # an image's "[alt]" or a linked banner is no registration line
        found.add(start)
    line_no = last = 0
    for m in _PRINT_LINE_RE.finditer(lowered):  # a "think before you print" line (`eco_footer`)
        line_no += lowered.count("\n", last, m.start())
        last = m.start()
        if line_no < len(lines) and eco_footer(lines[line_no]):
            found.add(line_no)
    return found


def legal_terms(text: str) -> int:
    """How many different words of legal wording `text` holds."""
    text = text.lower()
    words, more, _ = _legal_res(text)
    return len(set(words.findall(text)) | set(more.findall(text)))


def _paragraph_is_new(lines: list[str], start: int, end: int, *, after: str) -> bool:
    """Whether lines[start:end] (a paragraph after a signature or footer start) is new text.

    A P.S. always is; legal wording (two of its terms, or one right after a legal footer) and
    whole-line mobile footers never are. After a legal or mobile footer anything else is;
    after a "-- " delimiter only sentences are (a signature is names, titles, phones and
    addresses).
    """
    if _PS_RE.match(lines[start]):
        return True
    paragraph = " ".join(lines[start:end])[:2000]
    terms = legal_terms(paragraph)
    if terms >= 2 or (terms and after == "legal"):
        return False
    if all(_is_mobile_footer(lines, j) for j in range(start, end)):
        return False
    return after != "delimiter" or any(_is_sentence(line) for line in lines[start:end])


def _is_sentence(line: str) -> bool:
    """A line that reads as a sentence, not as a signature's name, title, phone or address."""
    count = len(WORD_RE.findall(line[:MAX_LINE]))
    return count >= 12 or (count >= 6 and line.rstrip().endswith((".", "!", "?")))


def is_signature_block(lines: list[str], k: int, end: int) -> bool:
    """Whether lines[k:end] is clearly a signature: a "-- " line, then a name (a few capitalised
    words), then at most a few more lines. Only such a block folds with new text below it."""
    filled = [line.strip() for line in lines[k + 1 : end] if line.strip()]
    if lines[k].strip() not in SIG_DELIMITERS or not filled or len(filled) >= _MAX_DELIMITED_LINES:
        return False
    name = WORD_RE.findall(filled[0])
    return (
        0 < len(name) <= 4
        and ":" not in filled[0]
        and all(word[0].isupper() and not word.isdigit() for word in name)
    )


# A bare link alone on its line, bracketed or not ("(www.blackberry.com)", "<https://aka.ms/x>").
_CLIENT_LINK_RE = re.compile(
    r"[(<\[]?(?:https?://|www\.)[^\s()<>\[\]]{1,200}[)>\]]?(?:\s*\[\d{1,5}\])?"
)


def footer_end(lines: list[str], k: int, candidates: set[int]) -> tuple[int, bool]:
    """Where the signature or footer starting at line k ends, and whether new text follows.

    It ends where history starts (the history goes on from there), or at the end of the run,
    or at the first paragraph of new text after it: a fold must be trailing. Looks at most
    `MAX_FOOTER_LINES` lines; a longer one is no footer (end -1).
    """
    n = len(lines)
    if lines[k].strip() in SIG_DELIMITERS:
        after = "delimiter"
    elif _is_mobile_footer(lines, k):
        after = "mobile"
    else:
        after = "legal"
    j = k + 1
    if after == "mobile" and j < n and _CLIENT_LINK_RE.fullmatch(lines[j].strip()):
        # The client's link under its footer ("(www.blackberry.com)"): two signals, the
        # footer's wording above and a line that is a bare link and nothing else.
        j += 1
    # The footer's own first paragraph: a delimiter's block or a legal paragraph (a mobile
    # footer is its one line, with its client's link; what follows is judged like any later
    # paragraph).
    while after != "mobile" and j < n and lines[j].strip():
        if _PS_RE.match(lines[j]):  # a sentence here is more often a slogan than new text
            return j, True
        if j in candidates and is_history_line(lines, j):
            return j, False
        j += 1
    limit = min(n, k + MAX_FOOTER_LINES)
    while j < n:
        if j >= limit:
            return -1, False
        if not lines[j].strip():
            j += 1
            continue
        stop = j
        while stop < n and lines[stop].strip():
            if stop in candidates and is_history_line(lines, stop):
                break
            stop += 1
        if stop > j and _paragraph_is_new(lines, j, stop, after=after):
            return j, True
        if stop < n and lines[stop].strip():
            return stop, False  # history starts at `stop`
        j = stop
    return n, False
