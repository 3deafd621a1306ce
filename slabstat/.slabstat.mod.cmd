savedcmd_/work/main/slabstat/slabstat.mod := printf '%s\n'   cache.o slab.o magazine.o stats.o check.o | awk '!x[$$0]++ { print("/work/main/slabstat/"$$0) }' > /work/main/slabstat/slabstat.mod
