#pragma once
// The hand-made three-series file the panel tests share.
namespace rnnwb::panel_fixture {

// Three series, rows interleaved. A: t 1..10, x 10..19. B: t 1..6, x 100, 102, ..., 110.
// C: t 1..2, x 1000, 1001 (too short for a training window of 2 + 1 rows). File lines in the
// comments (the header is line 1).
inline constexpr const char* kPanel =
    "id,t,x\n"
    "A,1,10\n"    // 2
    "B,1,100\n"   // 3
    "A,2,11\n"    // 4
    "C,1,1000\n"  // 5
    "B,2,102\n"   // 6
    "A,3,12\n"    // 7
    "A,4,13\n"    // 8
    "B,3,104\n"   // 9
    "C,2,1001\n"  // 10
    "A,5,14\n"    // 11
    "B,4,106\n"   // 12
    "A,6,15\n"    // 13
    "A,7,16\n"    // 14
    "B,5,108\n"   // 15
    "A,8,17\n"    // 16
    "B,6,110\n"   // 17
    "A,9,18\n"    // 18
    "A,10,19\n";  // 19

}  // namespace rnnwb::panel_fixture
