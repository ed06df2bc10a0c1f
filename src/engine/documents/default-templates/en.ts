/** Built-in English notices. */
import type { LanguagePack } from './types';

const closing = `We make this notice in good faith, and the information in it is accurate to the best of our knowledge. If you need more information to act on it, please contact us using the details below. Please do not contact the person concerned.

{{centre.signatory}}
**{{centre.name}}**
{{centre.address}}
E-mail: {{centre.email}}
Telephone: {{centre.phone}}
Website: {{centre.website}}`;

const header = `{{date}}
To: {{platform}} — abuse, trust and safety team
From: {{centre.name}}
Notice reference: **{{reference}}**`;

export const en: LanguagePack = {
  ncii: {
    subject: 'Removal request: non-consensual intimate imagery on {{host}} ({{reference}})',
    body: `# Request for removal of non-consensual intimate imagery

${header}

We are a support centre for victims of digital sex crimes, and we write on behalf of a person we support. The content at the {{count}} address(es) listed below shows intimate images or videos of this person that were recorded or published without their consent (non-consensual intimate imagery, NCII). Distributing such content is unlawful in many jurisdictions, including the Republic of Korea, and breaches the terms of service of almost every online service.

We ask you to:

- remove or disable access to the content at every address listed below without delay, and at the latest within {{serviceLevelHours}} hours of receiving this notice;
- prevent the same content from being uploaded again, for example by matching the checksums and hashes given below;
- confirm the removal to us, quoting the notice reference.

To protect the person concerned, this notice contains neither their identity nor the content itself. Each item is identified by its page's address and the time we first found it, and each file on the page by what it carries: an image by its address, its SHA-256 checksum and its perceptual hashes (PDQ and blockhash), which let you find identical and visually similar copies; a video by its address, its SHA-256 checksum and the time ranges of it that match (minutes:seconds), with no perceptual hash.

## Content to be removed

{{items}}

{{evidence}}

${closing}`,
  },
  copyright: {
    subject: 'Copyright infringement notice: {{host}} ({{reference}})',
    body: `# Notice of copyright infringement

${header}

We act on behalf of the owner of the copyright in the photographs and videos identified below. The copies at the {{count}} address(es) listed were reproduced and made available to the public without the owner's authorisation, and infringe the owner's copyright. We send this notice under the notice-and-takedown procedure of the applicable law and of your service.

**Copyrighted work.** Photographs and videos made by and belonging to the copyright owner. To protect the owner's privacy, the originals are not attached; each copy is identified below by its address, the time we first found it and its SHA-256 checksum, an image also by its perceptual hashes (PDQ and blockhash) and a video also by the time ranges of it that copy the work.

**Request.** Please remove or disable access to the infringing material at every address below without delay, and at the latest within {{serviceLevelHours}} hours, prevent it from being uploaded again, and confirm the removal to us, quoting the notice reference.

## Infringing material

{{items}}

{{evidence}}

**Statements.** We have a good-faith belief that the use of the material described above is not authorised by the copyright owner, its agent or the law. The information in this notice is accurate, and we are authorised to act on behalf of the owner of the rights concerned.

${closing}`,
  },
  labels: {
    page: 'Page',
    firstSeen: 'First seen',
    image: 'Image',
    video: 'Video',
    timeRanges: 'Matched time ranges (of the video)',
    sha256: 'SHA-256',
    pdq: 'PDQ',
    blockhash: 'Blockhash',
    evidence: 'Evidence (blurred)',
    evidenceNote:
      'Images are blurred on purpose: they show that the content is present, not what it depicts.',
    matchedPicture: 'Matched picture',
    pageScreenshot: 'Page screenshot',
    noHash: 'not recorded',
    item: 'Item',
  },
};
