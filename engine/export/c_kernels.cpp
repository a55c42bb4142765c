#include "engine/export/c_kernels.hpp"

#include <algorithm>

#include "engine/export/c_text.hpp"

namespace rnnwb::c_kernels {

namespace {

// Each function's text, with @p@ for the lower-case prefix and @P@ for the upper-case one.
// Sums and states are double so the result is at least as exact as rnnwb's float engine.
constexpr const char* kAffine = R"(/* y = W x + b with W (rows x cols) row-major, as PyTorch stores it. */
static void @p@affine(const float* w, const float* b, int rows, int cols, const double* x, double* y) {
  int r, c;
  for (r = 0; r < rows; ++r, w += cols) {
    double s = b[r];
    for (c = 0; c < cols; ++c) s += w[c] * x[c];
    y[r] = s;
  }
}

)";

constexpr const char* kAddAffine = R"(/* y += W x + b */
static void @p@add_affine(const float* w, const float* b, int rows, int cols, const double* x, double* y) {
  int r, c;
  for (r = 0; r < rows; ++r, w += cols) {
    double s = b[r];
    for (c = 0; c < cols; ++c) s += w[c] * x[c];
    y[r] += s;
  }
}

)";

constexpr const char* kSigmoid = R"(static double @p@sigmoid(double v) { return 1.0 / (1.0 + exp(-v)); }

)";

constexpr const char* kActivate = R"(enum { @P@LINEAR, @P@RELU, @P@TANH, @P@SIGMOID };

static double @p@activate(int kind, double v) {
  switch (kind) {
    case @P@RELU:
      return v > 0.0 ? v : 0.0;
    case @P@TANH:
      return tanh(v);
    case @P@SIGMOID:
      return @p@sigmoid(v);
    default:
      return v;
  }
}

)";

constexpr const char* kDense = R"(/* Dense: y = act(W x + b). */
static void @p@dense(const float* w, const float* b, int rows, int cols, int act, const double* x, double* y) {
  int r;
  @p@affine(w, b, rows, cols, x, y);
  for (r = 0; r < rows; ++r) y[r] = @p@activate(act, y[r]);
}

)";

constexpr const char* kRnnStep =
    R"(/* SimpleRNN step: h = act(W_ih x + b_ih + W_hh h + b_hh); pre holds units values. */
static void @p@rnn_step(const float* w_ih, const float* w_hh, const float* b_ih, const float* b_hh, int in,
                        int units, int act, const double* x, double* h, double* pre) {
  int j;
  @p@affine(w_ih, b_ih, units, in, x, pre);
  @p@add_affine(w_hh, b_hh, units, units, h, pre);
  for (j = 0; j < units; ++j) h[j] = @p@activate(act, pre[j]);
}

)";

constexpr const char* kLstmStep = R"(/* LSTM step, gates i, f, g, o stacked in that order (PyTorch): c = f * c + i * g,
   h = o * tanh(c). g holds 4 * units values. */
static void @p@lstm_step(const float* w_ih, const float* w_hh, const float* b_ih, const float* b_hh, int in,
                         int units, const double* x, double* h, double* c, double* g) {
  int j;
  @p@affine(w_ih, b_ih, 4 * units, in, x, g);
  @p@add_affine(w_hh, b_hh, 4 * units, units, h, g);
  for (j = 0; j < units; ++j) {
    const double i = @p@sigmoid(g[j]), f = @p@sigmoid(g[units + j]);
    const double gg = tanh(g[2 * units + j]), o = @p@sigmoid(g[3 * units + j]);
    c[j] = f * c[j] + i * gg;
    h[j] = o * tanh(c[j]);
  }
}

)";

constexpr const char* kGruStep = R"(/* GRU step, gates r, z, n (PyTorch, reset after the product):
   n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h = (1 - z) * n + z * h. g holds 6 * units values. */
static void @p@gru_step(const float* w_ih, const float* w_hh, const float* b_ih, const float* b_hh, int in,
                        int units, const double* x, double* h, double* g) {
  int j;
  double* gh = g + 3 * units;
  @p@affine(w_ih, b_ih, 3 * units, in, x, g);
  @p@affine(w_hh, b_hh, 3 * units, units, h, gh);
  for (j = 0; j < units; ++j) {
    const double r = @p@sigmoid(g[j] + gh[j]), z = @p@sigmoid(g[units + j] + gh[units + j]);
    const double n = tanh(g[2 * units + j] + r * gh[2 * units + j]);
    h[j] = (1.0 - z) * n + z * h[j];
  }
}

)";

}  // namespace

std::string functions(const std::vector<LayerSpec>& layers, const std::string& prefix,
                      const std::string& upper_prefix) {
  const auto any = [&](auto pred) { return std::any_of(layers.begin(), layers.end(), pred); };
  const auto kind_is = [](LayerKind k) { return [k](const LayerSpec& l) { return l.kind == k; }; };
  const bool lstm = any(kind_is(LayerKind::LSTM)), gru = any(kind_is(LayerKind::GRU)),
             rnn = any(kind_is(LayerKind::SimpleRNN)), dense = any(kind_is(LayerKind::Dense));
  std::string out;
  if (lstm || gru || rnn || dense) out += kAffine;
  if (lstm || rnn) out += kAddAffine;
  if (lstm || gru || rnn || dense) out += kSigmoid;  // activate() refers to it too
  if (rnn || dense) out += kActivate;
  if (dense) out += kDense;
  if (rnn) out += kRnnStep;
  if (lstm) out += kLstmStep;
  if (gru) out += kGruStep;
  return c_text::with_prefixes(out, prefix, upper_prefix);
}

std::string activation_constant(Activation a, const std::string& upper_prefix) {
  return upper_prefix + (a == Activation::Relu      ? "RELU"
                         : a == Activation::Tanh    ? "TANH"
                         : a == Activation::Sigmoid ? "SIGMOID"
                                                    : "LINEAR");
}

}  // namespace rnnwb::c_kernels
