# util-linux's ipcmk, ipcs and ipcrm (the host's, dynamically linked: tricorn runs them with
# --root /): test/e2e/sysv.test.ts compares what they print with Linux's transcript (this script
# run natively in unshare --ipc, by scripts/build-files-glibc.sh). Keys are random: masked.
ipcmk -M 10000 -p 0640
ipcmk -S 3
ipcmk -Q
ipcs | sed 's/0x[0-9a-f]\{8\}/0xKEY/'
ipcs -l
ipcs -u | grep -v "pages swapped\|Swap performance"
ipcs -m -i 0 | sed "s/^\(att\|det\|change\)_time=.*/\1_time=T/; s/cpid=[0-9]*/cpid=P/"
ipcrm -a
ipcs
