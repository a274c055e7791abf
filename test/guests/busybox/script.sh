echo start
echo hello > /tmp/f1; cat /tmp/f1; echo more >> /tmp/f1; wc -l < /tmp/f1
x=$(printf '%s-%s' a b); echo "subst $x"; y=`echo back tick`; echo "$y"
echo "$(echo nested $(echo deeper))"
(echo sub1; echo sub2) | sort -r | head -1
echo one two three | tr ' ' '\n' | sort | tr '\n' ','; echo
echo background > /tmp/bg1 &
wait $!; echo "wait $? $(cat /tmp/bg1)"
(exit 7) & p=$!; wait $p; echo "wait status $?"
sh -c 'kill -TERM $$' & p=$!; wait $p; echo "killed job $?"
sleep 10 & kill $!; wait $!; echo "killed sleep $?"
(echo a1; echo a2) > /tmp/bg2 & echo b1 > /tmp/bg3 & wait; echo "wait all $?"; cat /tmp/bg2 /tmp/bg3
{ echo p1; echo p2; } | sort -r > /tmp/bg4 & wait $!; cat /tmp/bg4
true && echo and; false || echo or
for i in 1 2 3; do echo -n $i; done; echo
echo to-stderr 1>&2 2>/dev/null
ls /dev/null /dev/zero 2>&1
head -c 4 /dev/zero | od -An -tx1
cd /tmp && pwd && mkdir d && cd d && pwd && cd .. && rmdir d
ln -s /tmp/f1 /tmp/l1; readlink /tmp/l1; cat /tmp/l1 | tail -1
cat < /tmp/f1 > /tmp/f2; wc -c /tmp/f2
{ echo a; echo b; } > /tmp/f3 2>&1; cat /tmp/f3
cat <<END
here $x
END
exec 3> /tmp/f4; echo via-fd3 >&3; exec 3>&-; cat /tmp/f4
echo closed >&3 || echo "fd 3 closed"
trap 'echo got USR1' USR1; kill -USR1 $$; echo after USR1
trap - USR1; trap
sh -c 'trap "echo child TERM; exit 9" TERM; kill -TERM $$; echo unreachable'; echo "child exit $?"
sh -c 'trap "echo exit trap \$?" EXIT; exit 4'; echo "after exit trap $?"
sh -c 'kill -TERM $$'; echo "killed $?"
sh -c 'exit 3'; echo "exit $?"
sh -c 'exec cat /proc/self/comm'
rm /tmp/f1 /tmp/f2 /tmp/f3 /tmp/f4 /tmp/l1 /tmp/bg1 /tmp/bg2 /tmp/bg3 /tmp/bg4
exec echo "exec done"
echo not reached
