echo start
echo hello > /tmp/f1; cat /tmp/f1; echo more >> /tmp/f1; wc -l < /tmp/f1
x=$(printf '%s-%s' a b); echo "subst $x"
(echo sub1; echo sub2) | sort -r | head -1
echo one two three | tr ' ' '\n' | sort | tr '\n' ','; echo
echo background > /tmp/bgout &
while [ ! -s /tmp/bgout ]; do :; done; cat /tmp/bgout
true && echo and; false || echo or
for i in 1 2 3; do echo -n $i; done; echo
echo to-stderr 1>&2 2>/dev/null
ls /dev/null /dev/zero
head -c 4 /dev/zero | od -An -tx1
cd /tmp && pwd && mkdir d && cd d && pwd && cd .. && rmdir d
ln -s /tmp/f1 /tmp/l1; readlink /tmp/l1; cat /tmp/l1 | tail -1
cat < /tmp/f1 > /tmp/f2; wc -c /tmp/f2
{ echo a; echo b; } > /tmp/f3 2>&1; cat /tmp/f3
sh -c 'exit 3'; echo "exit $?"
echo "$(echo nested $(echo deeper))"
rm /tmp/f1 /tmp/f2 /tmp/f3 /tmp/l1 /tmp/bgout
exec echo "exec done"
echo not reached
