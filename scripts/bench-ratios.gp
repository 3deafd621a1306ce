# SPDX-License-Identifier: GPL-2.0
#
# gnuplot script of `make bench`: the ratios R = slabstat / kmem_cache per
# test and object size, as clustered bars, one bar per boot (columns of
# ratios.dat, written by scripts/bench-report.py).  Below 1 slabstat is
# faster.  Call: gnuplot -e "datafile='...'; outfile='...'" bench-ratios.gp
set terminal pngcairo size 1400,620 font "DejaVu Sans,11" noenhanced
set output outfile
set title "slabstat / kmem_cache per object (alloc + free), Debian 6.12 in QEMU TCG, 4 vCPUs: below 1 slabstat is faster"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set key below horizontal
set grid ytics
set ylabel "R = slabstat / kmem_cache"
set yrange [0:*]
set xtics rotate by -50 scale 0 font ",10"
ncols = system("awk '!/^#/ { print NF; exit }' " . datafile) + 0
titles = system("head -n 1 " . datafile . " | cut -d' ' -f3-")
label(c) = word(titles, c - 1) eq "R_ioa1" ? "time, init_on_alloc=1" : \
	   word(titles, c - 1) eq "R_ioa0" ? "time, init_on_alloc=0" : \
	   "instructions (icount), init_on_alloc=1"
colour(c) = word(titles, c - 1) eq "R_ioa1" ? "#1f77b4" : \
	    word(titles, c - 1) eq "R_ioa0" ? "#ff7f0e" : "#7f7f7f"
plot for [c=2:ncols] datafile using c:xtic(1) title label(c) lc rgb colour(c), \
	1 with lines lw 2 lc rgb "black" title "R = 1"
