//! Helpers for the tests of `regcheck serve`: start the real binary on a free port, read the
//! address it prints, post files as the page does, stop it when the test ends.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A running `regcheck serve --port 0 --no-open …`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/`
    pub url: String,
}

impl Server {
    /// Starts the server from the crate root with `args`; `temp` is its temporary folder (TMPDIR).
    pub fn start(args: &[&str], temp: Option<&Path>) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_regcheck"));
        command.current_dir(root()).args(["serve", "--port", "0", "--no-open"]).args(args);
        if let Some(t) = temp {
            command.env("TMPDIR", t);
        }
        let mut child = command.stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn().expect("start regcheck serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let url = lines
            .by_ref()
            .map_while(Result::ok)
            .find_map(|l| l.split_whitespace().find(|w| w.starts_with("http://")).map(str::to_string))
            .expect("regcheck serve prints its address");
        // Keep reading what it prints so that it never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Server { child, url }
    }

    fn agent() -> ureq::Agent {
        ureq::Agent::config_builder().http_status_as_error(false).build().new_agent()
    }

    /// GET: (status, body).
    pub fn get(&self, path: &str) -> (u16, Vec<u8>) {
        let mut response = Self::agent().get(format!("{}{path}", self.url)).call().expect("GET");
        let status = response.status().as_u16();
        let body = response.body_mut().with_config().limit(1 << 30).read_to_vec().expect("body");
        (status, body)
    }

    /// Posts `files` (path as the page sends it, contents) and an optional rules file to
    /// /api/check as the page does: (status, answer).
    pub fn check(&self, files: &[(String, Vec<u8>)], rules: Option<&[u8]>) -> (u16, serde_json::Value) {
        let boundary = "----regcheck-test-boundary-7d1f";
        let mut body = Vec::new();
        let mut part = |headers: String, data: &[u8]| {
            body.extend_from_slice(format!("--{boundary}\r\n{headers}\r\n\r\n").as_bytes());
            body.extend_from_slice(data);
            body.extend_from_slice(b"\r\n");
        };
        for (path, data) in files {
            part("Content-Disposition: form-data; name=\"path\"".to_string(), path.as_bytes());
            let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
            part(
                format!("Content-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream"),
                data,
            );
        }
        if let Some(rules) = rules {
            part("Content-Disposition: form-data; name=\"rules\"; filename=\"rules.toml\"".to_string(), rules);
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let mut response = Self::agent()
            .post(format!("{}api/check", self.url))
            .header("Content-Type", format!("multipart/form-data; boundary={boundary}"))
            .send(&body[..])
            .expect("POST /api/check");
        let status = response.status().as_u16();
        let text = response.body_mut().with_config().limit(1 << 30).read_to_string().expect("answer");
        (status, serde_json::from_str(&text).unwrap_or(serde_json::Value::Null))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The files of a folder under the crate root, as the page sends a dropped folder:
/// (`samples/教师名册.xlsx`, contents), sorted.
pub fn folder(relative: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(root().join(relative))
        .expect("folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (format!("{relative}/{name}"), std::fs::read(&p).expect("read"))
        })
        .collect();
    files.sort();
    files
}
