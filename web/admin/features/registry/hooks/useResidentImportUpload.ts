import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TResidentImportPreview } from '../../../../../common/registry';
import { uploadFile } from '../../../../lib/api';
import { registryQueryKeys } from './registryQueryKeys';

/**
 * POST /api/imports/residents (multipart `areaId` then `file`, progress 0..1): the server checks every
 * row and answers with a preview; nothing is written yet.
 */
export function useResidentImportUpload() {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState(0);
  const mutation = useMutation({
    mutationFn: ({ areaId, file }: { areaId: number; file: File }) => {
      setProgress(0);
      return uploadFile<TResidentImportPreview>('/api/imports/residents', file, { fields: { areaId: String(areaId) }, onProgress: setProgress });
    },
    onSuccess: (preview) => queryClient.setQueryData(registryQueryKeys.importJob(preview.id), preview),
  });
  return { ...mutation, progress };
}
