# The models every export is checked on, shared by c_export_test.sh, onnx_runtime_test.sh and
# pytorch_loader_test.sh (sourced; needs RNNWB, PY and HERE set). Together they cover every cell,
# a stack with dropout, every transform (log, lag-1 and seasonal differencing, each scaler),
# several features and targets, features that are not targets, and horizons longer than the
# differencing lag (so predicted rows are added back); the two hand-built models add what
# `rnnwb train` does not make: relu SimpleRNN, Dense layers with each activation, a Dense per step
# between recurrent layers and one on the raw inputs. Bidirectional layers on windows (a stack and
# one with a horizon), and models trained on sequence datasets (sequence_data.py's padded X): every
# cell, each scaler, a horizon of targets (N, H, k), a stack, bidirectional layers, and classifiers
# (integer labels: the class and its probabilities).

# name | rnnwb train arguments (a few epochs: the weights only need to be non-trivial)
CASES=(
  "lstm_standard|--data sample:sunspots --target SUNACTIVITY --window 12 --cell lstm --units 8"
  "gru_diff1_minmax|--data sample:sunspots --target SUNACTIVITY --window 10 --cell gru --units 8 --diff 1 --scaler minmax"
  "rnn_seasonal_robust|--data sample:sunspots --target SUNACTIVITY --window 16 --cell rnn --units 8 --diff 11 --scaler robust --horizon 2"
  "stack_log_diff_multi|--data sample:macrodata --target realgdp,realcons --features realgdp,realcons,unemp --window 8 --cell lstm --units 16,8 --dropout 0.1 --log --diff 1 --horizon 3"
  "gru_log_seasonal_none|--data sample:elec_equip --target STS.M.I7.W.TOVT.NS0016.4.000 --window 24 --cell gru --units 8 --log --diff 12 --scaler none --horizon 4"
  "lstm_features_not_targets|--data sample:macrodata --target realinv --features realgdp,unemp,tbilrate --window 6 --cell lstm --units 6 --horizon 2"
  "rnn_log_minmax_multi|--data sample:macrodata --target cpi,m1 --window 6 --cell rnn --units 6 --log --scaler minmax --horizon 2"
  "panel_global_gru|--data sample:eustock_long --target close --window 10 --cell gru --units 8 --diff 1"
  "panel_per_series_lstm|--data sample:chickweight_long --target weight --window 6 --cell lstm --units 8 --log --scale-per series --horizon 2"
  "bilstm_stack_diff|--data sample:sunspots --target SUNACTIVITY --window 12 --cell lstm --units 6,4 --bidirectional --diff 1"
  "birnn_multi_horizon|--data sample:macrodata --target realgdp,unemp --window 8 --cell rnn --units 6 --bidirectional --horizon 2 --scaler minmax"
  "seq_lstm|--input seq_X.npy --targets seq_y.npy --cell lstm --units 8"
  "seq_gru_stack_horizon|--input seq_X.npy --targets seq_yh.npy --cell gru --units 8,6 --scaler minmax"
  "seq_rnn_robust|--input seq_X.npy --targets seq_y.npy --cell rnn --units 6 --scaler robust"
  "seq_bilstm_stack|--input seq_X.npy --targets seq_y.npy --cell lstm --units 6,4 --bidirectional"
  "seq_bigru_dropout_horizon|--input seq_X.npy --targets seq_yh.npy --cell gru --units 5 --bidirectional --dropout 0.1"
  "seq_classes_lstm|--input seq_X.npy --targets seq_class.npy --cell lstm --units 6"
  "seq_classes_birnn|--input seq_X.npy --targets seq_class.npy --cell rnn --units 5,4 --bidirectional"
)
# Models scaled per series: the series whose statistics their exports embed (export --series ID).
declare -A EXPORT_SERIES=(["panel_per_series_lstm"]="13")
# name | model whose pipeline it reuses | layers (see export_layers.py)
BUILT=(
  "mixed_layers|rnn_log_minmax_multi|rnn:8:relu:seq,dense:6:tanh,lstm:5:tanh:seq,dropout:0.2,gru:4,dense:8:relu,dense:5:sigmoid,dense:out:linear"
  "dense_first|lstm_features_not_targets|dense:5:sigmoid,gru:6:tanh:seq,rnn:4:tanh,dense:out:linear"
)

# Trains every case into ./<name>.safetensors and builds the hand-made ones; stops at the first failure.
make_models() {
  local entry name args
  "$PY" "$HERE/sequence_data.py" || { echo "FAILED: writing the sequence datasets"; return 1; }
  for entry in "${CASES[@]}"; do
    name=${entry%%|*}
    args=${entry#*|}
    # shellcheck disable=SC2086  # the arguments are split on purpose
    "$RNNWB" train $args --epochs 15 --batch-size 16 --lr 0.01 --seed 7 --threads 1 --quiet \
      --out "$name.safetensors" >"$name.train.log" 2>&1 ||
      { echo "FAILED: training $name"; tail -5 "$name.train.log"; return 1; }
  done
  for entry in "${BUILT[@]}"; do
    IFS='|' read -r name base args <<<"$entry"
    "$PY" "$HERE/export_layers.py" "$base.safetensors" "$args" "$name.safetensors" ||
      { echo "FAILED: building $name"; return 1; }
  done
}

# export_series NAME: the --series flag NAME's exports need (nothing for most models).
export_series() {
  local id=${EXPORT_SERIES[$1]:-}
  [ -n "$id" ] && echo "--series $id"
}

# is_sequence_model NAME: true for a model trained on a sequence dataset.
is_sequence_model() { [[ $1 == seq_* ]]; }

# The model names, one per line.
model_names() {
  local entry
  for entry in "${CASES[@]}" "${BUILT[@]}"; do echo "${entry%%|*}"; done
}
