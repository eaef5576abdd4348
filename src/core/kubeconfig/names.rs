//! Which contexts use each cluster and user, and which entry each name means,
//! built once per analysis. Rules and views look entries up by name for every
//! context; a scan of the whole list each time made a 5,000-context
//! kubeconfig take longer to analyse than kubectl takes to load it.

use super::model::Config;
use crate::core::fxhash::FxHashMap as HashMap;

#[derive(Debug, Default)]
pub struct NameIndex<'a> {
    contexts_by_cluster: HashMap<&'a str, Vec<usize>>,
    contexts_by_user: HashMap<&'a str, Vec<usize>>,
    cluster_by_name: HashMap<&'a str, usize>,
    user_by_name: HashMap<&'a str, usize>,
}

impl<'a> NameIndex<'a> {
    pub fn new(config: &'a Config) -> Self {
        let mut ix = NameIndex::default();
        for (i, nc) in config.contexts.iter().enumerate() {
            let Some(ctx) = nc.context.as_ref() else {
                continue;
            };
            if let Some(cluster) = ctx.cluster.as_deref() {
                ix.contexts_by_cluster.entry(cluster).or_default().push(i);
            }
            if let Some(user) = ctx.user.as_deref() {
                ix.contexts_by_user.entry(user).or_default().push(i);
            }
        }
        // The first entry of a name is the one kubectl uses (and the one
        // `Iterator::position` found before).
        for (i, nc) in config.clusters.iter().enumerate() {
            if let Some(name) = nc.name.as_deref() {
                ix.cluster_by_name.entry(name).or_insert(i);
            }
        }
        for (i, nu) in config.users.iter().enumerate() {
            if let Some(name) = nu.name.as_deref() {
                ix.user_by_name.entry(name).or_insert(i);
            }
        }
        ix
    }

    /// Indices of the contexts whose `cluster` is `name`, in file order.
    pub fn contexts_using_cluster(&self, name: &str) -> &[usize] {
        self.contexts_by_cluster
            .get(name)
            .map_or(&[], Vec::as_slice)
    }

    /// Indices of the contexts whose `user` is `name`, in file order.
    pub fn contexts_using_user(&self, name: &str) -> &[usize] {
        self.contexts_by_user.get(name).map_or(&[], Vec::as_slice)
    }

    /// Index of the first cluster named `name`.
    pub fn cluster(&self, name: &str) -> Option<usize> {
        self.cluster_by_name.get(name).copied()
    }

    /// Index of the first user named `name`.
    pub fn user(&self, name: &str) -> Option<usize> {
        self.user_by_name.get(name).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_a_scan_of_the_lists() {
        let text = "clusters:\n- name: a\n- name: b\n- name: a\n- {}\ncontexts:\n- name: x\n  context: {cluster: a, user: u}\n- name: y\n  context: {cluster: b}\n- name: z\n  context: {cluster: a, user: u}\n- name: w\nusers:\n- name: u\n";
        let config = crate::core::kubeconfig::parse(text).unwrap();
        let ix = NameIndex::new(&config);
        assert_eq!(ix.contexts_using_cluster("a"), [0, 2]);
        assert_eq!(ix.contexts_using_cluster("b"), [1]);
        assert_eq!(ix.contexts_using_cluster("c"), [] as [usize; 0]);
        assert_eq!(ix.contexts_using_user("u"), [0, 2]);
        assert_eq!(ix.cluster("a"), Some(0));
        assert_eq!(ix.cluster("b"), Some(1));
        assert_eq!(ix.user("u"), Some(0));
        assert_eq!(ix.user("v"), None);
    }
}
