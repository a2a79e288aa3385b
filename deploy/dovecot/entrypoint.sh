#!/bin/sh
# Write the one mailbox user (balint-bot) with the password from the environment, then start Dovecot.
set -eu
: "${LISTBOT_IMAP_PASSWORD:?set LISTBOT_IMAP_PASSWORD}"
umask 022
printf 'balint-bot:{PLAIN}%s\n' "$LISTBOT_IMAP_PASSWORD" > /etc/dovecot/users
chown root:dovecot /etc/dovecot/users
chmod 640 /etc/dovecot/users
exec "$@"
