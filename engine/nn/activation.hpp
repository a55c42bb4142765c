#pragma once
// Element-wise activations and their derivatives on Eigen expressions, vectorised by Eigen's
// packet math (tanh and logistic have SIMD kernels for float).
#include <Eigen/Core>

#include "engine/nn/layer_spec.hpp"

namespace rnnwb {

template <class In, class Out>
void apply_activation(Activation a, const In& in, Out&& out) {
  switch (a) {
    case Activation::Linear:
      out = in;
      break;
    case Activation::Relu:
      out = in.array().max(typename In::Scalar(0)).matrix();
      break;
    case Activation::Tanh:
      out = in.array().tanh().matrix();
      break;
    case Activation::Sigmoid:
      out = in.array().logistic().matrix();
      break;
  }
}

// grad_in = grad_out * f'(x), written in terms of the activation's OUTPUT y = f(x).
template <class Y, class G, class Out>
void activation_backward(Activation a, const Y& y, const G& grad_out, Out&& grad_in) {
  using S = typename Y::Scalar;
  switch (a) {
    case Activation::Linear:
      grad_in = grad_out;
      break;
    case Activation::Relu:
      grad_in = (y.array() > S(0)).select(grad_out.array(), S(0)).matrix();
      break;
    case Activation::Tanh:
      grad_in = (grad_out.array() * (S(1) - y.array().square())).matrix();
      break;
    case Activation::Sigmoid:
      grad_in = (grad_out.array() * y.array() * (S(1) - y.array())).matrix();
      break;
  }
}

}  // namespace rnnwb
