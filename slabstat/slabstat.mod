/work/main/slabstat/cache.o
/work/main/slabstat/slab.o
/work/main/slabstat/magazine.o
/work/main/slabstat/stats.o
/work/main/slabstat/check.o
