# The PyTorch training-script hand-off end to end (issue 18): rnnwb train vs the exported project's
# train.py on sunspots (best of 2 seeds each within 10%), torchrun with 2 gloo processes, and
# --resume continuing rnnwb's weights. Debian's python3-torch (CPU). Included from
# tests/pytorch_script/CMakeLists.txt (the lead merges it with helper P's tests there).
add_test(NAME pytorch_script_handoff COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/handoff_test.sh
  $<TARGET_FILE:rnnwb> /usr/bin/python3 ${PROJECT_SOURCE_DIR})
set_tests_properties(pytorch_script_handoff PROPERTIES TIMEOUT 600)
