"""The office's official digital signature on PDF papers (PAdES), and its check.

DVK's own Ed25519 signatures (bundles, certificate codes, audit checkpoints) prove
which DVK office wrote some data; they are no legal signature and are never shown as
one. This package signs a PDF with the office's or the signer's certificate as the law
knows it (chữ ký số: a USB token with a certificate for public-service use, or a public
CA's), reached through the token maker's PKCS#11 driver, and checks such signatures:

- `certinfo`: what a certificate says (who, which organisation, valid when);
- `tokens`: the token driver (PKCS#11, python-pkcs11): its tokens, their certificates,
  a session opened with the PIN, every failure worded for a clerk;
- `keys`: where the signing key is: on a token, or in a PKCS#12 file (a software
  certificate), both giving pyHanko the same signer;
- `appearance` and `placement`: the visible signature of Decree 30/2020 and where it
  goes on the page;
- `signing`: the one function that signs the bytes of a PDF (PAdES B-B, B-T when a
  timestamp service answers);
- `verify`: what a signed PDF's signatures say, judged against the trust anchors the
  office installed (`anchors`).

pyHanko, python-pkcs11 and cryptography are imported inside the functions that use
them: the window and every other command start without them, and without any token
driver installed.
"""

import logging
import warnings

# pyHanko logs every certificate path it fails to build with a traceback; DVK says what
# that means in its report, so the clerk's console stays clean.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

# pyHanko imports cryptography's DSA types, which cryptography now warns about on
# import; DVK neither signs nor accepts DSA, and the warning would reach the clerk.
warnings.filterwarnings("ignore", message="DSA is deprecated")
