savedcmd_/work/main/slabstat/modules.order := {   echo /work/main/slabstat/slabstat.o; :; } > /work/main/slabstat/modules.order
