// TEMPORARY stand-in until the full grammar lands (same API); accepts NORMAL only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)] pub enum Cipher { Aes128Gcm, Aes256Gcm, Chacha20Poly1305 }
#[derive(Debug, Clone, Copy, PartialEq, Eq)] pub enum Group { X25519, Secp256r1, Secp384r1 }
#[derive(Debug, Clone, Copy, PartialEq, Eq)] pub enum Kx { EcdheRsa, EcdheEcdsa }
pub struct Priority { pub tls12: bool, pub tls13: bool }
impl Priority {
    pub fn parse(s: Option<&str>) -> Result<Priority, (i32, usize)> {
        let s = s.unwrap_or("NORMAL");
        let mut p = Priority { tls12: true, tls13: true };
        for (i, t) in s.split(':').enumerate() {
            match t { "NORMAL" if i == 0 => {}, "-VERS-TLS1.3" => p.tls13 = false, "-VERS-TLS1.2" => p.tls12 = false, t if t.starts_with("-VERS") || t.starts_with("%") => {}, _ => return Err((-50, 0)) }
        }
        Ok(p)
    }
    pub fn parse_append(s: &str) -> Result<Priority, (i32, usize)> { Self::parse(Some(&format!("NORMAL:{s}"))) }
    pub fn rustls_versions(&self) -> (bool, bool) { (self.tls12, self.tls13) }
    pub fn usable_ciphers(&self) -> Vec<Cipher> { vec![Cipher::Aes256Gcm, Cipher::Chacha20Poly1305, Cipher::Aes128Gcm] }
    pub fn usable_groups(&self) -> Vec<Group> { vec![Group::X25519, Group::Secp256r1, Group::Secp384r1] }
    pub fn usable_kx(&self) -> Vec<Kx> { vec![Kx::EcdheRsa, Kx::EcdheEcdsa] }
}
