// pngjs ships no types (it comes with qrcode); only the synchronous calls the attachments use are declared.
declare module 'pngjs' {
  interface PngImage {
    width: number;
    height: number;
    /** RGBA, 8 bits per channel, row after row. */
    data: Buffer;
  }
  const pngjs: {
    PNG: {
      sync: {
        read(buffer: Buffer, options?: { skipRescale?: boolean; checkCRC?: boolean }): PngImage;
        write(png: PngImage, options?: { colorType?: number; inputHasAlpha?: boolean }): Buffer;
      };
    };
  };
  export default pngjs;
}
