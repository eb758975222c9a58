#!/usr/bin/python3
"""A plain Python IMAP fetcher, the peer of FundMail's fetch: every INBOX message into its own file.

usage: imaplib_fetch.py --host H --port P --user U --ca CA_FILE --out DIR [--batch N | --naive]
The password comes from $FUNDMAIL_BENCH_PASSWORD. IMAPS, LOGIN, EXAMINE INBOX, UID SEARCH ALL, then
UID FETCH BODY.PEEK[] with N UIDs per command (default 100) or, with --naive, one command per message.
Files are written without fsync (like mbsync's FSync no). Prints one JSON line: mails, bytes, seconds, commands.
"""
import argparse
import imaplib
import json
import os
import re
import ssl
import sys
import time

UID = re.compile(rb"\bUID (\d+)")


def main():
    parser = argparse.ArgumentParser()
    for name in ("--host", "--user", "--ca", "--out"):
        parser.add_argument(name, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--naive", action="store_true")
    args = parser.parse_args()
    batch = 1 if args.naive else args.batch
    started = time.monotonic()

    context = ssl.create_default_context(cafile=args.ca)
    imap = imaplib.IMAP4_SSL(args.host, args.port, ssl_context=context)
    imap.login(args.user, os.environ["FUNDMAIL_BENCH_PASSWORD"])
    imap.select("INBOX", readonly=True)
    status, data = imap.uid("SEARCH", None, "ALL")
    check(status, data)
    uids = data[0].split()
    os.makedirs(args.out, exist_ok=True)

    mails = total = commands = 0
    for start in range(0, len(uids), batch):
        chunk = b",".join(uids[start:start + batch]).decode()
        status, data = imap.uid("FETCH", chunk, "(BODY.PEEK[])")
        check(status, data)
        commands += 1
        for item in data:
            # Each message is a (b'n (UID u BODY[] {size}', body) pair; the closing b')' lines carry nothing.
            if not isinstance(item, tuple):
                continue
            uid = UID.search(item[0])
            if uid is None:
                sys.exit("no UID in FETCH response: %r" % item[0][:80])
            with open(os.path.join(args.out, uid.group(1).decode() + ".eml"), "wb") as f:
                f.write(item[1])
            mails += 1
            total += len(item[1])
    imap.logout()
    if mails != len(uids):
        sys.exit("fetched %d of %d messages" % (mails, len(uids)))
    print(json.dumps({"mails": mails, "bytes": total, "commands": commands, "seconds": round(time.monotonic() - started, 3)}))


def check(status, data):
    if status != "OK":
        sys.exit("IMAP said %s: %r" % (status, data))


if __name__ == "__main__":
    main()
