set -e
cd /tmp/rv
SRCS=$(ls src/engine/*/*.cpp src/engine/simulation.cpp)
mkdir -p obj
for s in $SRCS; do o=obj/$(echo $s | tr / _).o; [ $o -nt $s ] || g++ -std=c++20 -O2 -g -Isrc -DREGSIM_VERSION=\"x\" -c $s -o $o & done; wait
