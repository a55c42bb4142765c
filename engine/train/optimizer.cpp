#include "engine/train/optimizer.hpp"

#include <cmath>

#include "engine/core/error.hpp"

namespace rnnwb {

OptimizerConfig OptimizerConfig::defaults(OptimizerKind kind, double lr) {
  OptimizerConfig c;
  c.kind = kind;
  c.lr = lr;
  if (kind == OptimizerKind::AdamW) c.weight_decay = 0.01;
  return c;
}

template <class T>
Optimizer<T>::Optimizer(const OptimizerConfig& config) : config_(config) {
  if (!(config.lr > 0) || !std::isfinite(config.lr)) throw ConfigError("the learning rate must be a positive number");
  if (config.momentum < 0 || config.weight_decay < 0) throw ConfigError("momentum and weight decay must be >= 0");
  if (config.nesterov && config.momentum <= 0) throw ConfigError("Nesterov momentum needs momentum > 0");
  if (!(config.beta1 >= 0 && config.beta1 < 1 && config.beta2 >= 0 && config.beta2 < 1))
    throw ConfigError("Adam's betas must be in [0, 1)");
}

template <class T>
void Optimizer<T>::step(Vector<T>& p, const Vector<T>& grads, double lr) {
  const OptimizerConfig& c = config_;
  if (m_.size() != p.size()) {
    m_.setZero(p.size());
    v_.setZero(p.size());
  }
  ++step_;
  // Scalars are rounded to T once, as PyTorch does when it applies a Python float to a tensor.
  const T wd = T(c.weight_decay);
  const Vector<T>* g = &grads;
  if (c.weight_decay != 0 && c.kind != OptimizerKind::AdamW) {
    g_ = grads + wd * p;
    g = &g_;
  }
  switch (c.kind) {
    case OptimizerKind::SGD: {
      if (c.momentum == 0) {
        p -= T(lr) * *g;
        break;
      }
      const T mu = T(c.momentum);
      if (step_ == 1)
        m_ = *g;
      else
        m_ = mu * m_ + *g;
      if (c.nesterov)
        p -= T(lr) * (*g + mu * m_);
      else
        p -= T(lr) * m_;
      break;
    }
    case OptimizerKind::AdamW:
      if (c.weight_decay != 0) p *= T(1.0 - lr * c.weight_decay);
      [[fallthrough]];
    case OptimizerKind::Adam: {
      const T b1 = T(c.beta1), b2 = T(c.beta2);
      m_ = b1 * m_ + (T(1) - b1) * *g;
      v_ = b2 * v_ + (T(1) - b2) * g->cwiseProduct(*g);
      const double bc1 = 1.0 - std::pow(c.beta1, double(step_));
      const double bc2_sqrt = std::sqrt(1.0 - std::pow(c.beta2, double(step_)));
      const T step_size = T(lr / bc1);
      p.array() -= step_size * m_.array() / (v_.array().sqrt() / T(bc2_sqrt) + T(c.eps));
      break;
    }
    case OptimizerKind::RMSprop: {
      const T a = T(c.alpha);
      v_ = a * v_ + (T(1) - a) * g->cwiseProduct(*g);
      if (c.momentum > 0) {
        m_ = T(c.momentum) * m_ + (g->array() / (v_.array().sqrt() + T(c.eps))).matrix();
        p -= T(lr) * m_;
      } else {
        p.array() -= T(lr) * g->array() / (v_.array().sqrt() + T(c.eps));
      }
      break;
    }
  }
}

template <class T>
double clip_by_global_norm(Vector<T>& grads, double max_norm) {
  const double norm = std::sqrt(grads.template cast<double>().squaredNorm());
  const double coef = max_norm / (norm + 1e-6);  // torch's epsilon
  if (coef < 1.0) grads *= T(coef);
  return norm;
}

template class Optimizer<float>;
template class Optimizer<double>;
template double clip_by_global_norm<float>(Vector<float>&, double);
template double clip_by_global_norm<double>(Vector<double>&, double);

OptimizerKind parse_optimizer(std::string_view name) { return parse_enum<OptimizerKind>(name); }

}  // namespace rnnwb
