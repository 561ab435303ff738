import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TImportJob } from '../../../../../common/areas';
import { uploadFile } from '../../../../lib/api';
import { areaQueryKeys } from './areaQueryKeys';

/** POST /api/imports/areas (multipart `file`) with upload progress 0..1. */
export function useAreaImportUpload() {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState(0);
  const mutation = useMutation({
    mutationFn: (file: File) => {
      setProgress(0);
      return uploadFile<TImportJob>('/api/imports/areas', file, { onProgress: setProgress });
    },
    onSuccess: (job) => queryClient.setQueryData(areaQueryKeys.importJob(job.id), job),
  });
  return { ...mutation, progress };
}
