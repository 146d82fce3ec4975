//! The memory model's parameters: FSRS-6's 21 weights, the defaults (fitted to many learners)
//! or a set fitted to one learner by `recall optimize`. Checked once when made, so the
//! scheduler can always build its model from them.

use fsrs::{DEFAULT_PARAMETERS, FSRS, MemoryState};
use serde::Serialize;

/// FSRS-6 parameters, checked: 21 finite numbers the `fsrs` crate accepts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Parameters(Vec<f32>);

/// Why a set of numbers is not FSRS-6 parameters.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParametersError {
    #[error("FSRS-6 has 21 parameters, not {0}")]
    Count(usize),
    #[error("parameter {index} is `{value}`, not a finite number")]
    NotFinite { index: usize, value: f32 },
    #[error("the memory model refuses these parameters")]
    Refused,
}

impl Default for Parameters {
    fn default() -> Self {
        Parameters(DEFAULT_PARAMETERS.to_vec())
    }
}

impl Parameters {
    /// The number of FSRS-6 parameters.
    pub const COUNT: usize = 21;

    /// Checks `weights` (21 finite numbers the memory model accepts).
    pub fn new(weights: Vec<f32>) -> Result<Parameters, ParametersError> {
        if weights.len() != Self::COUNT {
            return Err(ParametersError::Count(weights.len()));
        }
        if let Some((index, &value)) = weights.iter().enumerate().find(|(_, w)| !w.is_finite()) {
            return Err(ParametersError::NotFinite { index, value });
        }
        FSRS::new(&weights).map_err(|_| ParametersError::Refused)?;
        Ok(Parameters(weights))
    }

    pub fn weights(&self) -> &[f32] {
        &self.0
    }

    /// Whether these are FSRS-6's defaults.
    pub fn is_default(&self) -> bool {
        self.0 == DEFAULT_PARAMETERS
    }

    /// The forgetting curve's decay (the last parameter).
    pub fn decay(&self) -> f32 {
        self.0[Self::COUNT - 1]
    }

    /// The memory model with these parameters.
    pub fn model(&self) -> FSRS {
        // Checked in `new`; the default set is the crate's own.
        FSRS::new(&self.0).unwrap_or_default()
    }

    /// The probability of recall `days` after the last review of a memory.
    pub fn recall_probability(&self, stability: f32, difficulty: f32, days: f32) -> f32 {
        fsrs::current_retrievability(
            MemoryState {
                stability,
                difficulty,
            },
            days,
            self.decay(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_checked_when_made() {
        assert!(Parameters::default().is_default());
        assert_eq!(
            Parameters::new(vec![1.0; 3]),
            Err(ParametersError::Count(3))
        );
        let mut weights = DEFAULT_PARAMETERS.to_vec();
        weights[4] = f32::NAN;
        assert!(matches!(
            Parameters::new(weights),
            Err(ParametersError::NotFinite { index: 4, .. })
        ));
        let mut weights = DEFAULT_PARAMETERS.to_vec();
        weights[20] = 0.3;
        let fitted = Parameters::new(weights).expect("valid");
        assert!(!fitted.is_default());
        assert!((fitted.decay() - 0.3).abs() < f32::EPSILON);
    }
}
