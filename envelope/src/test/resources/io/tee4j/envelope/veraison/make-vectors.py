#!/usr/bin/env python3
"""Builds the Veraison envelope vectors of this folder from a real SEV-SNP report (see PROVENANCE.md).

Usage: make-vectors.py REPORT VCEK_DER ASK_PEM ARK_PEM   (writes into the current directory)
"""
import base64, json, struct, sys, uuid

report, vcek_der, ask_pem, ark_pem = (open(p, 'rb').read() for p in sys.argv[1:5])

def pem(der):
    b = base64.b64encode(der).decode()
    return ('-----BEGIN CERTIFICATE-----\n' + '\n'.join(b[i:i + 64] for i in range(0, len(b), 64))
            + '\n-----END CERTIFICATE-----\n').encode()

# GHCB certificate table: 24-byte entries {GUID (RFC 4122 byte order), u32 offset, u32 length}, all-zero end.
certs = [('63da758d-e664-4564-adc5-f4b93be8accd', pem(vcek_der)),
         ('4ab7b379-bbac-4fe4-a02f-05aef327c782', ask_pem),
         ('c0b406a4-a803-4952-9743-3fb6014cd0ae', ark_pem)]
offset = 24 * (len(certs) + 1)
table, body = b'', b''
for guid, data in certs:
    table += uuid.UUID(guid).bytes + struct.pack('<II', offset + len(body), len(data))
    body += data
aux = table + bytes(24) + body

def b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip('=')

tsm = {'auxblob': b64u(aux), 'outblob': b64u(report), 'provider': 'sev_guest'}
tsm_json = json.dumps(tsm, separators=(',', ':')).encode()
open('tsm-report-genoa.json', 'wb').write(tsm_json)

def cbor_head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for ai, fmt in ((24, '>B'), (25, '>H'), (26, '>I')):
        if n < 256 ** struct.calcsize(fmt):
            return bytes([major << 5 | ai]) + struct.pack(fmt, n)
    raise ValueError(n)

def cbor_text(s):
    return cbor_head(3, len(s.encode())) + s.encode()

cb = cbor_head(5, 3)
for k, v in (('auxblob', aux), ('outblob', report)):
    cb += cbor_text(k) + cbor_head(2, len(v)) + v
cb += cbor_text('provider') + cbor_text('sev_guest')
open('tsm-report-genoa.cbor', 'wb').write(cb)

report_data = report[0x50:0x90]
collection = {'__cmwc_t': 'tag:github.com,2025:veraison/ratsd/cmw',
              'tsm-report': ['application/vnd.veraison.tsm-report+json', b64u(tsm_json)]}
token = {'eat_profile': 'tag:github.com,2024:veraison/ratsd', 'eat_nonce': b64u(report_data),
         'cmw': base64.b64encode(json.dumps(collection, separators=(',', ':')).encode()).decode()}
open('ratsd-token-genoa.json', 'w').write(json.dumps(token, indent=1) + '\n')
