//! Writing a named file: what the name points at decides how.
//!
//! - A regular file (or a name not yet taken) is replaced atomically: the bytes go to a temporary
//!   file in the same folder, which is synced and renamed over the name, so a reader sees the old
//!   file or the whole new one. On Linux the temporary file is unnamed (`O_TMPFILE`) until the
//!   moment before the rename, so a killed run leaves nothing; elsewhere it is named
//!   `.NAME.itsm-ai-PID.tmp` and removed on every error. Such a name left by a run that no longer
//!   exists is removed by the next write to the same file.
//! - A symbolic link is followed: its target is replaced, the link stays.
//! - The replacement keeps the old file's permissions (and owner, where allowed); a new file gets
//!   0666 less the umask.
//! - Anything else — a character device (`/dev/null`), a FIFO, a terminal, or a name that leads
//!   through `/proc` (`/dev/stdout`) — is opened and written directly, never replaced.
//! - A folder is refused.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// What a name given with `-o` points at, decided before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A regular file, or a free name: replaced atomically at this path (links followed).
    Replace(PathBuf),
    /// A device, FIFO or other non-regular file: written in place through the given name.
    Direct {
        /// The name as given.
        path: PathBuf,
        /// What it is, for messages ("a FIFO", "a character device").
        kind: &'static str,
    },
}

/// How many links are followed before giving up, as the kernel does (`ELOOP`).
const MAX_LINKS: usize = 40;

/// What `path` points at; a folder, or a loop of links, is an error.
pub fn target(path: &Path) -> io::Result<Target> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "is a folder: name a file (inside it, or elsewhere)",
            ));
        }
        Ok(meta) if !meta.is_file() => {
            return Ok(Target::Direct {
                path: path.to_path_buf(),
                kind: kind_of(&meta),
            });
        }
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    // A regular file or a free name: follow the links by hand, to replace the last one's target.
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                if link.starts_with("/proc") || link.starts_with("/dev/fd") {
                    // `/dev/stdout` and kin: the file behind a descriptor is written through it.
                    return Ok(Target::Direct {
                        path: path.to_path_buf(),
                        kind: "a file descriptor",
                    });
                }
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            Ok(_) => return Ok(Target::Replace(current)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Target::Replace(current)),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links in a row"
    )))
}

/// The kind of a non-regular file, in words.
fn kind_of(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = meta;
    "not a regular file"
}

/// Writes `path` with `write`, as the module documentation describes.
pub fn write(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    match target(path)? {
        Target::Direct { path, .. } => {
            // Append: on a device or FIFO it changes nothing; through `/dev/stdout` onto a file
            // it writes after what the shell's redirection left, as a write to stdout would.
            let file = OpenOptions::new().append(true).open(&path)?;
            let mut buffered = BufWriter::with_capacity(1 << 16, file);
            write(&mut buffered)?;
            buffered.flush()
        }
        Target::Replace(path) => replace(&path, write),
    }
}

/// Whether `path` can be written, found out before any work is done: a temporary file is made
/// where [`write`] would make it, and removed again; nothing at `path` changes.
pub fn probe(path: &Path) -> io::Result<()> {
    match target(path)? {
        Target::Direct { .. } => Ok(()),
        Target::Replace(path) => {
            let (folder, name) = folder_and_name(&path)?;
            Temporary::create(&folder, name).map(drop)
        }
    }
}

/// The folder `path` is in (`.` for a bare name) and its file name.
fn folder_and_name(path: &Path) -> io::Result<(PathBuf, &std::ffi::OsStr)> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "names a folder, not a file"))?;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((folder, name))
}

/// Replaces the regular file (or free name) `path` atomically.
fn replace(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let (folder, name) = folder_and_name(path)?;
    remove_stale_temporaries(&folder, name);
    let temporary = Temporary::create(&folder, name)?;
    let existing = fs::metadata(path).ok().filter(fs::Metadata::is_file);
    if let Some(meta) = &existing {
        keep_permissions(&temporary.file, meta)?;
    }
    let mut buffered = BufWriter::with_capacity(1 << 16, &temporary.file);
    write(&mut buffered)?;
    buffered.flush()?;
    drop(buffered);
    temporary.file.sync_all()?;
    temporary.persist(path)?;
    sync_folder(&folder);
    Ok(())
}

/// The prefix and suffix of this program's temporary names for `name`.
fn temporary_affixes(name: &std::ffi::OsStr) -> (String, &'static str) {
    (format!(".{}.itsm-ai-", name.to_string_lossy()), ".tmp")
}

/// A temporary name for `name`, unique to this process and call.
fn temporary_name(name: &std::ffi::OsStr) -> OsString {
    use std::sync::atomic::{AtomicU64, Ordering};
    static SERIAL: AtomicU64 = AtomicU64::new(0);
    let (prefix, suffix) = temporary_affixes(name);
    let serial = SERIAL.fetch_add(1, Ordering::Relaxed);
    OsString::from(format!("{prefix}{}-{serial}{suffix}", std::process::id()))
}

/// Removes temporary files for `name` left in `folder` by runs of this program that no longer
/// exist (a process id with no `/proc` entry). Without `/proc` nothing is removed.
fn remove_stale_temporaries(folder: &Path, name: &std::ffi::OsStr) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    let (prefix, suffix) = temporary_affixes(name);
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|n| n.strip_suffix(suffix))
            .and_then(|n| n.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let alive = pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists();
        if !alive && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Gives the new file the old one's permission bits, and its owner where the system allows.
fn keep_permissions(file: &File, old: &fs::Metadata) -> io::Result<()> {
    file.set_permissions(old.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(new) = file.metadata()
            && (new.uid() != old.uid() || new.gid() != old.gid())
        {
            // Only root may give a file away; anyone else keeps the file as theirs.
            let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
            file.set_permissions(old.permissions())?;
        }
    }
    Ok(())
}

/// Makes a rename durable; a folder that cannot be opened or synced is not an error.
fn sync_folder(folder: &Path) {
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
}

/// The temporary file being written, removed unless it is persisted.
struct Temporary {
    file: File,
    folder: PathBuf,
    /// Its name in the folder; `None` while it is unnamed (`O_TMPFILE`).
    name: Option<OsString>,
    /// The name to give it when it is persisted.
    planned: OsString,
}

impl Temporary {
    /// An unnamed file in `folder` where the system offers one, else a new named one.
    fn create(folder: &Path, name: &std::ffi::OsStr) -> io::Result<Temporary> {
        let planned = temporary_name(name);
        if let Some(file) = unnamed(folder)? {
            return Ok(Temporary {
                file,
                folder: folder.to_path_buf(),
                name: None,
                planned,
            });
        }
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o666);
        let file = options.open(folder.join(&planned))?;
        Ok(Temporary {
            file,
            folder: folder.to_path_buf(),
            name: Some(planned.clone()),
            planned,
        })
    }

    /// Gives the file the name `path`, replacing what was there.
    fn persist(mut self, path: &Path) -> io::Result<()> {
        if self.name.is_none() {
            link_unnamed(&self.file, &self.folder.join(&self.planned))?;
            self.name = Some(self.planned.clone());
        }
        let name = self.name.as_ref().expect("named above");
        fs::rename(self.folder.join(name), path)?;
        self.name = None;
        Ok(())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if let Some(name) = &self.name {
            let _ = fs::remove_file(self.folder.join(name));
        }
    }
}

/// An unnamed temporary file in `folder` (Linux `O_TMPFILE`), or `None` where the file system
/// has none.
#[cfg(target_os = "linux")]
fn unnamed(folder: &Path) -> io::Result<Option<File>> {
    use std::os::unix::fs::OpenOptionsExt;
    let opened = OpenOptions::new()
        .write(true)
        .mode(0o666)
        .custom_flags(nix::libc::O_TMPFILE)
        .open(folder);
    match opened {
        Ok(file) => Ok(Some(file)),
        // Not offered by this file system (EOPNOTSUPP), or by this kernel (EISDIR, EINVAL).
        Err(e)
            if matches!(
                e.raw_os_error(),
                Some(nix::libc::EOPNOTSUPP | nix::libc::EISDIR | nix::libc::EINVAL)
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn unnamed(_: &Path) -> io::Result<Option<File>> {
    Ok(None)
}

/// Gives an unnamed temporary file the name `path` (which must be free).
#[cfg(target_os = "linux")]
fn link_unnamed(file: &File, path: &Path) -> io::Result<()> {
    use nix::fcntl::{AT_FDCWD, AtFlags};
    use std::os::fd::AsRawFd;
    let source = format!("/proc/self/fd/{}", file.as_raw_fd());
    nix::unistd::linkat(
        AT_FDCWD,
        source.as_str(),
        AT_FDCWD,
        path,
        AtFlags::AT_SYMLINK_FOLLOW,
    )
    .map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn link_unnamed(_: &File, _: &Path) -> io::Result<()> {
    unreachable!("only Linux makes unnamed temporary files")
}
