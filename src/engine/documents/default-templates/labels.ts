/**
 * Labels of the generated blocks (URL table, evidence) for languages without built-in templates,
 * so a template a centre adds for one of these languages gets a notice in one language throughout.
 * Others fall back to English.
 */
import type { NoticeLabels } from './types';

const hash = { sha256: 'SHA-256', pdq: 'PDQ', blockhash: 'Blockhash' };

const traditionalChinese: NoticeLabels = {
  ...hash,
  page: '網頁網址',
  firstSeen: '首次發現',
  image: '圖像網址',
  video: '影片網址',
  timeRanges: '相符的時間段（影片內）',
  evidence: '證據截圖（已模糊處理）',
  evidenceNote: '圖像經過刻意模糊處理，僅用於證明內容存在，不顯示其具體內容。',
  matchedPicture: '匹配的圖像',
  pageScreenshot: '網頁截圖',
  noHash: '未記錄',
  item: '項目',
};

export const EXTRA_LABELS: Readonly<Record<string, NoticeLabels>> = {
  'zh-TW': traditionalChinese,
  'zh-HK': traditionalChinese,
  'zh-Hant': traditionalChinese,
  vi: {
    ...hash,
    page: 'Trang',
    firstSeen: 'Phát hiện lần đầu',
    image: 'Hình ảnh',
    video: 'Video',
    timeRanges: 'Khoảng thời gian trùng khớp (trong video)',
    evidence: 'Bằng chứng (đã làm mờ)',
    evidenceNote:
      'Hình ảnh được cố ý làm mờ: chúng cho thấy nội dung có tồn tại, không cho thấy nội dung đó.',
    matchedPicture: 'Hình ảnh trùng khớp',
    pageScreenshot: 'Ảnh chụp trang',
    noHash: 'không có',
    item: 'Mục',
  },
  th: {
    ...hash,
    page: 'หน้าเว็บ',
    firstSeen: 'พบครั้งแรก',
    image: 'รูปภาพ',
    video: 'วิดีโอ',
    timeRanges: 'ช่วงเวลาที่ตรงกัน (ในวิดีโอ)',
    evidence: 'หลักฐาน (เบลอภาพแล้ว)',
    evidenceNote: 'ภาพถูกทำให้เบลอโดยเจตนา เพื่อแสดงว่ามีเนื้อหาอยู่ โดยไม่เปิดเผยเนื้อหานั้น',
    matchedPicture: 'ภาพที่ตรงกัน',
    pageScreenshot: 'ภาพหน้าจอของหน้าเว็บ',
    noHash: 'ไม่มีข้อมูล',
    item: 'รายการ',
  },
  es: {
    ...hash,
    page: 'Página',
    firstSeen: 'Detectado por primera vez',
    image: 'Imagen',
    video: 'Vídeo',
    timeRanges: 'Intervalos coincidentes (del vídeo)',
    evidence: 'Pruebas (difuminadas)',
    evidenceNote:
      'Las imágenes se difuminan a propósito: muestran que el contenido existe, no lo que representa.',
    matchedPicture: 'Imagen coincidente',
    pageScreenshot: 'Captura de la página',
    noHash: 'no registrado',
    item: 'Elemento',
  },
  fr: {
    ...hash,
    page: 'Page',
    firstSeen: 'Première détection',
    image: 'Image',
    video: 'Vidéo',
    timeRanges: 'Passages correspondants (dans la vidéo)',
    evidence: 'Preuves (floutées)',
    evidenceNote:
      'Les images sont volontairement floutées : elles montrent que le contenu est présent, pas ce qu’il représente.',
    matchedPicture: 'Image correspondante',
    pageScreenshot: 'Capture de la page',
    noHash: 'non enregistré',
    item: 'Élément',
  },
  de: {
    ...hash,
    page: 'Seite',
    firstSeen: 'Erstmals gefunden',
    image: 'Bild',
    video: 'Video',
    timeRanges: 'Übereinstimmende Zeitabschnitte (im Video)',
    evidence: 'Nachweis (unkenntlich gemacht)',
    evidenceNote:
      'Die Bilder sind absichtlich unscharf: Sie zeigen, dass der Inhalt vorhanden ist, nicht was er zeigt.',
    matchedPicture: 'Übereinstimmendes Bild',
    pageScreenshot: 'Bildschirmfoto der Seite',
    noHash: 'nicht erfasst',
    item: 'Eintrag',
  },
};
