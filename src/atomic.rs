//! Outputs written whole or not at all: every file goes to a temporary file beside its target and
//! is renamed onto it only when it was written completely, so a run that fails midway (disk full,
//! a file-size limit) leaves the previous good file in place and no truncated one. Directories
//! (reports, trip briefs) are built beside their target and swapped in the same way.

use std::io;
use std::path::{Path, PathBuf};

/// A sibling of `path` for work in progress: `.name.tmp<pid>.ext`, with the same extension (the
/// chart and workbook writers pick their format by it), hidden from a directory listing.
fn sibling(path: &Path, tag: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    path.with_file_name(format!(".{stem}.{tag}{}{ext}", std::process::id()))
}

/// Writes `path` through `write`, which is given the temporary path to create; the result is
/// renamed onto `path` when `write` succeeds and removed when it fails. `io` turns a failed rename
/// into the writer's error.
pub fn write_file<T, E>(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<T, E>,
    io: impl FnOnce(io::Error) -> E,
) -> Result<T, E> {
    let tmp = sibling(path, "tmp");
    match write(&tmp) {
        Ok(out) => match std::fs::rename(&tmp, path) {
            Ok(()) => Ok(out),
            Err(e) => {
                std::fs::remove_file(&tmp).ok();
                Err(io(e))
            }
        },
        Err(e) => {
            std::fs::remove_file(&tmp).ok();
            Err(e)
        }
    }
}

/// Writes `bytes` to `path` whole or not at all.
pub fn write_bytes(path: impl AsRef<Path>, bytes: impl AsRef<[u8]>) -> io::Result<()> {
    write_file(
        path.as_ref(),
        |tmp| {
            use std::io::Write;
            let mut f = std::fs::File::create(tmp)?;
            f.write_all(bytes.as_ref())?;
            f.sync_all()
        },
        |e| e,
    )
}

/// Builds the directory `dir` through `build`, which is given an empty temporary directory beside
/// it; on success each file and folder made there is moved into `dir`, replacing the one of the
/// same name (other files in `dir` are left alone); on failure the temporary directory is removed
/// and `dir` left as it was. `io` turns a failure to make or move the directories into the
/// builder's error.
pub fn write_dir<T, E>(
    dir: &Path,
    build: impl FnOnce(&Path) -> Result<T, E>,
    io: impl Fn(io::Error) -> E,
) -> Result<T, E> {
    let tmp = sibling(dir, "tmp");
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(&io)?;
    }
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(&io)?;
    }
    std::fs::create_dir(&tmp).map_err(&io)?;
    let out = match build(&tmp) {
        Ok(out) => out,
        Err(e) => {
            std::fs::remove_dir_all(&tmp).ok();
            return Err(e);
        }
    };
    let moved = move_entries(&tmp, dir);
    std::fs::remove_dir_all(&tmp).ok();
    moved.map_err(io)?;
    Ok(out)
}

/// Moves the entries of `from` into `to`, each replacing the entry of the same name.
fn move_entries(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if target.is_dir() && !target.is_symlink() {
            let old = sibling(&target, "old");
            std::fs::rename(&target, &old)?;
            if let Err(e) = std::fs::rename(entry.path(), &target) {
                std::fs::rename(&old, &target).ok();
                return Err(e);
            }
            std::fs::remove_dir_all(&old).ok();
        } else {
            std::fs::rename(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// A file written in pieces over time (a table batch by batch) whole or not at all: the pieces go
/// to a temporary file beside the target, which [`Staged::commit`] renames onto it; dropped
/// without a commit (an error, a panic), the temporary file is removed and the target left as it
/// was.
#[derive(Debug)]
pub struct Staged {
    tmp: PathBuf,
    path: PathBuf,
    committed: bool,
}

impl Staged {
    /// Creates the temporary file for `path` and returns it open for writing.
    pub fn create(path: &Path) -> io::Result<(Staged, std::fs::File)> {
        let tmp = sibling(path, "tmp");
        let file = std::fs::File::create(&tmp)?;
        let staged = Staged {
            tmp,
            path: path.to_path_buf(),
            committed: false,
        };
        Ok((staged, file))
    }

    /// Renames the temporary file onto the target; the caller has flushed and closed its writer.
    pub fn commit(mut self) -> io::Result<()> {
        std::fs::rename(&self.tmp, &self.path)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            std::fs::remove_file(&self.tmp).ok();
        }
    }
}

/// Whether two paths name the same file (after resolving links and `..`); false when either
/// does not exist.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Makes writing past a file-size limit (`ulimit -f`) an error that the writers report and clean
/// up after, instead of a signal that kills the process with a temporary file left behind.
pub fn ignore_file_size_signal() {
    // SIGXFSZ is 25 on these; other architectures (MIPS, SPARC) number it differently.
    #[cfg(all(
        target_os = "linux",
        any(target_arch = "x86_64", target_arch = "aarch64")
    ))]
    {
        extern "C" {
            fn signal(signum: i32, handler: usize) -> usize;
        }
        const SIGXFSZ: i32 = 25;
        const SIG_IGN: usize = 1;
        // SAFETY: setting a signal to "ignore" has no handler code to run and no data to share.
        unsafe {
            signal(SIGXFSZ, SIG_IGN);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("chainlead-atomic-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_nothing() {
        let d = dir("file");
        let target = d.join("out.csv");
        std::fs::write(&target, "good").unwrap();
        let r: io::Result<()> = write_file(
            &target,
            |tmp| {
                std::fs::write(tmp, "half")?;
                Err(io::Error::other("disk full"))
            },
            |e| e,
        );
        assert!(r.is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "good");
        assert_eq!(
            std::fs::read_dir(&d).unwrap().count(),
            1,
            "no temporary file left"
        );
        write_bytes(&target, "new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1);
        std::fs::remove_dir_all(&d).ok();
    }

    #[test]
    fn a_staged_file_appears_on_commit_and_vanishes_on_drop() {
        use std::io::Write;
        let d = dir("staged");
        let target = d.join("t.csv");
        std::fs::write(&target, "good").unwrap();
        let (staged, mut f) = Staged::create(&target).unwrap();
        f.write_all(b"half").unwrap();
        drop(f);
        drop(staged);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "good");
        assert_eq!(
            std::fs::read_dir(&d).unwrap().count(),
            1,
            "nothing left beside"
        );
        let (staged, mut f) = Staged::create(&target).unwrap();
        f.write_all(b"new").unwrap();
        drop(f);
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "good",
            "not before commit"
        );
        staged.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1);
        std::fs::remove_dir_all(&d).ok();
    }

    #[test]
    fn a_directory_is_swapped_in_whole() {
        let d = dir("dir");
        let target = d.join("report");
        std::fs::create_dir_all(target.join("charts")).unwrap();
        std::fs::write(target.join("index.html"), "old").unwrap();
        std::fs::write(target.join("charts/a.svg"), "old").unwrap();
        std::fs::write(target.join("mine.txt"), "the user's").unwrap();
        let r: io::Result<()> = write_dir(
            &target,
            |tmp| {
                std::fs::write(tmp.join("index.html"), "half")?;
                Err(io::Error::other("disk full"))
            },
            |e| e,
        );
        assert!(r.is_err());
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "old"
        );
        write_dir(
            &target,
            |tmp| {
                std::fs::create_dir(tmp.join("charts"))?;
                std::fs::write(tmp.join("charts/b.svg"), "new")?;
                std::fs::write(tmp.join("index.html"), "new")
            },
            |e| e,
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_dir(&d).unwrap().count(),
            1,
            "nothing left beside"
        );
        assert!(same_file(&target, &d.join("report/../report")));
        std::fs::remove_dir_all(&d).ok();
    }
}
