savedcmd_/work/main/slabstat/slabstat.o := x86_64-linux-gnu-ld -m elf_x86_64 -z noexecstack --no-warn-rwx-segments   -r -o /work/main/slabstat/slabstat.o @/work/main/slabstat/slabstat.mod  ; ./tools/objtool/objtool --hacks=jump_label --hacks=noinstr --hacks=skylake --ibt --orc --retpoline --rethunk --sls --static-call --uaccess --prefix=16  --link  --module /work/main/slabstat/slabstat.o

/work/main/slabstat/slabstat.o: $(wildcard ./tools/objtool/objtool)
