//! The rules of each project, loaded and compiled on first use by a worker, never on the message
//! loop: the first check of a document may take a moment, typing never does.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use policy_rules_core::{Engine, LoadOptions, PackError, Projects, Selection};

/// Compiled rules per project, for one state of the configuration files.
pub struct Rules {
    state: Mutex<State>,
}

struct State {
    projects: Projects,
    engines: HashMap<usize, Result<Arc<Engine>, Arc<PackError>>>,
}

impl Rules {
    /// Nothing loaded yet.
    pub fn new(options: LoadOptions) -> Arc<Rules> {
        Arc::new(Rules { state: Mutex::new(State { projects: Projects::new(options), engines: HashMap::new() }) })
    }

    /// The rules for documents in `dir`, compiled once per project.
    pub fn engine_for(&self, dir: &Path) -> Result<Arc<Engine>, Arc<PackError>> {
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let index = state.projects.index_for_dir(dir).map_err(Arc::new)?;
        if let Some(found) = state.engines.get(&index) {
            return found.clone();
        }
        let compiled = state.projects.get(index).engine(Selection::default()).map(Arc::new).map_err(Arc::new);
        state.engines.insert(index, compiled.clone());
        compiled
    }
}
