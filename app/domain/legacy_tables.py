"""The two legacy Vietnamese encodings still found in old registers, as data.

Before Unicode, Vietnamese offices typed with 8-bit fonts: TCVN3 (TCVN 5712:1993 VN3,
the "ABC" fonts .VnTime, .VnArial...) in the North and in Party and State offices, and
VNI-Windows (fonts VNI-Times, VNI-Helve...) in the South. A spreadsheet typed that way
stores the bytes as Windows-1252 characters, so a modern program shows "D©n vËn khÐo"
(TCVN3) or "Daân vaän kheùo" (VNI) for "Dân vận khéo".

Each table below is one line per vowel (or letter) and six columns: the letter without
tone, then grave (huyền), hook (hỏi), tilde (ngã), acute (sắc), dot below (nặng). A cell
holds the legacy text as it shows in Windows-1252. `-` marks a letter the encoding
cannot write on its own (TCVN3 has no upper-case letters with a tone: the ABC fonts
draw capitals with a separate "H" font, e.g. .VnTimeH, whose lower-case codes show as
capitals).

Checked against the published code charts of both encodings (TCVN 5712:1993 table VN3;
the VNI-Windows keyboard and font tables).
"""

from __future__ import annotations

TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # none, grave, hook, tilde, acute, dot

# letter  none  grave  hook  tilde  acute  dot   (TCVN3: one character per letter)
TCVN3 = """
a    a    µ    ¶    ·    ¸    ¹
ă    ¨    »    ¼    ½    ¾    Æ
â    ©    Ç    È    É    Ê    Ë
e    e    Ì    Î    Ï    Ð    Ñ
ê    ª    Ò    Ó    Ô    Õ    Ö
i    i    ×    Ø    Ü    Ý    Þ
o    o    ß    á    â    ã    ä
ô    «    å    æ    ç    è    é
ơ    ¬    ê    ë    ì    í    î
u    u    ï    ñ    ò    ó    ô
ư    \xad    õ    ö    ÷    ø    ù
y    y    ú    û    ü    ý    þ
đ    ®    -    -    -    -    -
A    A    -    -    -    -    -
Ă    ¡    -    -    -    -    -
Â    ¢    -    -    -    -    -
E    E    -    -    -    -    -
Ê    £    -    -    -    -    -
I    I    -    -    -    -    -
O    O    -    -    -    -    -
Ô    ¤    -    -    -    -    -
Ơ    ¥    -    -    -    -    -
U    U    -    -    -    -    -
Ư    ¦    -    -    -    -    -
Y    Y    -    -    -    -    -
Đ    §    -    -    -    -    -
"""

# letter  none  grave  hook  tilde  acute  dot   (VNI: a base letter and its mark keys)
VNI = """
a    a    aø    aû    aõ    aù    aï
ă    aê   aè    aú    aü    aé    aë
â    aâ   aà    aå    aã    aá    aä
e    e    eø    eû    eõ    eù    eï
ê    eâ   eà    eå    eã    eá    eä
i    i    ì     æ     ó     í     ò
o    o    oø    oû    oõ    où    oï
ô    oâ   oà    oå    oã    oá    oä
ơ    ô    ôø    ôû    ôõ    ôù    ôï
u    u    uø    uû    uõ    uù    uï
ư    ö    öø    öû    öõ    öù    öï
y    y    yø    yû    yõ    yù    î
đ    ñ    -     -     -     -     -
A    A    AØ    AÛ    AÕ    AÙ    AÏ
Ă    AÊ   AÈ    AÚ    AÜ    AÉ    AË
Â    AÂ   AÀ    AÅ    AÃ    AÁ    AÄ
E    E    EØ    EÛ    EÕ    EÙ    EÏ
Ê    EÂ   EÀ    EÅ    EÃ    EÁ    EÄ
I    I    Ì     Æ     Ó     Í     Ò
O    O    OØ    OÛ    OÕ    OÙ    OÏ
Ô    OÂ   OÀ    OÅ    OÃ    OÁ    OÄ
Ơ    Ô    ÔØ    ÔÛ    ÔÕ    ÔÙ    ÔÏ
U    U    UØ    UÛ    UÕ    UÙ    UÏ
Ư    Ö    ÖØ    ÖÛ    ÖÕ    ÖÙ    ÖÏ
Y    Y    YØ    YÛ    YÕ    YÙ    Î
Đ    Ñ    -     -     -     -     -
"""


def rows(table: str) -> dict[str, str]:
    """Unicode letter (NFC, with tone) -> legacy text, from one of the tables above."""
    import unicodedata

    result: dict[str, str] = {}
    for line in table.strip().splitlines():
        letter, *cells = line.split()
        for tone, cell in zip(TONES, cells, strict=True):
            if cell == "-":
                continue
            unicode_letter = unicodedata.normalize("NFC", letter + tone)
            result[unicode_letter] = cell
    return result
