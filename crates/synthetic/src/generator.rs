//! [`Generator`]: applicants and their photos. Loads the CJK font once; every item is addressed
//! by its index, so any specimen can be regenerated alone and generation can run in parallel
//! (the generator is `Sync`).

use crate::applicant::{Applicant, ApplicantGenerator, Side};
use crate::card::{encode_within, Renderer};
use crate::config::GeneratorConfig;
use crate::error::SyntheticError;
use crate::specimen::{Photo, RenderedPhoto, RenderedSpecimen, Specimen};

/// Makes synthetic applicants and their three photos.
#[derive(Debug)]
pub struct Generator {
    applicants: ApplicantGenerator,
    renderer: Renderer,
}

impl Generator {
    /// Checks the configuration, loads the font (see [`GeneratorConfig::font_path`]) and paints
    /// the blank documents.
    pub fn new(config: GeneratorConfig) -> Result<Generator, SyntheticError> {
        let applicants = ApplicantGenerator::new(config)?;
        let renderer = Renderer::new(applicants.config().font_path.as_deref())?;
        Ok(Generator { applicants, renderer })
    }

    /// The configuration in use.
    pub fn config(&self) -> &GeneratorConfig {
        self.applicants.config()
    }

    /// Applicant number `index` (no rendering).
    pub fn applicant(&self, index: u64) -> Applicant {
        self.applicants.applicant(index)
    }

    /// The three photos of any applicant (for example one whose defects a test edited), before
    /// JPEG encoding. Depends only on the seed, the applicant's ID and data, and its defects.
    pub fn render(&self, applicant: &Applicant) -> RenderedSpecimen {
        self.renderer.render(self.config().seed, applicant)
    }

    /// Applicant number `index` with its photos.
    pub fn specimen(&self, index: u64) -> Result<Specimen, SyntheticError> {
        self.specimen_of(self.applicant(index))
    }

    /// Renders and encodes the photos of any applicant.
    pub fn specimen_of(&self, applicant: Applicant) -> Result<Specimen, SyntheticError> {
        let rendered = self.render(&applicant);
        let limit = self.config().max_jpeg_bytes;
        let encode = |photo: &RenderedPhoto, side: Side| -> Result<Photo, SyntheticError> {
            Ok(Photo {
                jpeg: encode_within(&photo.image, limit, side)?,
                width: photo.image.width(),
                height: photo.image.height(),
                card_box: photo.card_box,
            })
        };
        Ok(Specimen {
            portrait: encode(&rendered.portrait, Side::Portrait)?,
            emblem: encode(&rendered.emblem, Side::Emblem)?,
            handheld: encode(&rendered.handheld, Side::Handheld)?,
            applicant,
        })
    }
}
